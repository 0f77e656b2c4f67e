package io.hacluster.inventory.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** When a group's failures on one node (or, node id "", on every node) were last cleared. */
@Entity
@Table(name = "group_failure_clear")
public class GroupFailureClearEntity {

    /** The node id that stands for every node of the group. */
    public static final String EVERY_NODE = "";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "group_id")
    public String groupId;

    @Column(name = "node_id")
    public String nodeId;

    @Column(name = "cleared_at")
    public Instant clearedAt;

    @Column(name = "request_id")
    public String requestId;
}
