package io.hacluster.executor.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A node an operator is draining: nothing is mounted there any more. */
@Entity
@Table(name = "draining_node")
public class DrainingNode {

    @Id
    @Column(name = "node_id")
    public String nodeId;

    @Column(name = "request_id")
    public String requestId;

    public Instant since;
}
