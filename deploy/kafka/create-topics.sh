#!/usr/bin/env bash
# Creates every topic of ha-cluster and its dead-letter topic, laid out as io.hacluster.events.Topics.ALL says
# (events/src/main/java/io/hacluster/events/Topics.java, documented in docs/events.md): keep the two in step.
#
#   BOOTSTRAP=kafka-1:9092,kafka-2:9092,kafka-3:9092 deploy/kafka/create-topics.sh
#
# Safe to run again: a topic that exists is left as it is. Every topic is then checked against its layout
# (partitions, replication factor, cleanup policy, retention) and each difference is reported; the script exits
# non-zero if there is one, since a topic created otherwise (by a broker that auto-creates topics, say) loses state
# the services rebuild from.
#
# BOOTSTRAP            the Kafka cluster's bootstrap servers (required)
# REPLICATION          replication factor of every topic (default 3)
# MIN_INSYNC_REPLICAS  min.insync.replicas of every topic (default REPLICATION - 1, at least 1): with acks=all, a
#                      send counts as done once this many replicas have it
# COMMAND_CONFIG       client properties for a secured cluster, passed to kafka-topics.sh as --command-config
# KAFKA_TOPICS         the kafka-topics.sh command (default: kafka-topics.sh on the PATH)
set -euo pipefail

: "${BOOTSTRAP:?set BOOTSTRAP to the bootstrap servers of the Kafka cluster, e.g. BOOTSTRAP=kafka-1:9092}"
REPLICATION="${REPLICATION:-3}"
MIN_INSYNC_REPLICAS="${MIN_INSYNC_REPLICAS:-$((REPLICATION > 1 ? REPLICATION - 1 : 1))}"
KAFKA_TOPICS="${KAFKA_TOPICS:-kafka-topics.sh}"

client=(--bootstrap-server "$BOOTSTRAP")
if [[ -n "${COMMAND_CONFIG:-}" ]]; then
  client+=(--command-config "$COMMAND_CONFIG")
fi

# name, partitions, layout: "compacted" keeps the latest record per key; "kept" keeps every record without time
# limit (services rebuild their state by replaying it); "-" uses the broker's retention.
TOPICS=(
  "node-heartbeats 6 -"
  "node-status 6 compacted"
  "node-health 1 kept"
  "cluster-admin 1 kept"
  "placement-decisions 1 kept"
  "agent-commands 6 -"
  "command-results 6 -"
  "failover-events 3 kept"
)

# The topic-level settings of a layout, one per line.
settings_of() {
  case "$1" in
    compacted) echo "cleanup.policy=compact" ;;
    kept) echo "retention.ms=-1" ;;
    # a dead-letter topic accepts any record its topic accepted, with its headers (Topics.DLQ_MAX_MESSAGE_BYTES)
    dlq) echo "retention.ms=-1"; echo "max.message.bytes=2162688" ;;
    -) ;;
    *) echo "unknown layout: $1" >&2; exit 2 ;;
  esac
  echo "min.insync.replicas=$MIN_INSYNC_REPLICAS"
}

create() { # name partitions layout
  local name=$1 partitions=$2 layout=$3 setting
  local configs=()
  while read -r setting; do
    configs+=(--config "$setting")
  done < <(settings_of "$layout")
  echo "topic $name: $partitions partition(s), replication $REPLICATION, $(settings_of "$layout" | paste -sd ' ' -)"
  "$KAFKA_TOPICS" "${client[@]}" --create --if-not-exists --topic "$name" --partitions "$partitions" \
    --replication-factor "${REPLICATION:-3}" "${configs[@]}"
}

problems=0

check() { # name partitions layout
  local name=$1 partitions=$2 layout=$3 described actual replication setting
  described=$("$KAFKA_TOPICS" "${client[@]}" --describe --topic "$name")
  actual=$(grep -oE 'PartitionCount: *[0-9]+' <<<"$described" | grep -oE '[0-9]+' | head -n 1 || true)
  replication=$(grep -oE 'ReplicationFactor: *[0-9]+' <<<"$described" | grep -oE '[0-9]+' | head -n 1 || true)
  if [[ "$actual" != "$partitions" ]]; then
    echo "DIFFERS: $name has ${actual:-no} partition(s), expected $partitions" >&2
    problems=$((problems + 1))
  fi
  if [[ "$replication" != "$REPLICATION" ]]; then
    echo "DIFFERS: $name has replication factor ${replication:-unknown}, expected $REPLICATION" >&2
    problems=$((problems + 1))
  fi
  # The first line ends with "Configs: key=value,key=value" (the topic's own settings).
  local configs
  configs=$(sed -n 's/.*Configs: *//p' <<<"$described" | head -n 1 | tr ',' '\n')
  while read -r setting; do
    if ! grep -qxF "$setting" <<<"$configs"; then
      echo "DIFFERS: $name lacks $setting (has: $(paste -sd ' ' - <<<"$configs"))" >&2
      problems=$((problems + 1))
    fi
  done < <(settings_of "$layout")
}

for topic in "${TOPICS[@]}"; do
  read -r name partitions layout <<<"$topic"
  create "$name" "$partitions" "$layout"
  # Every topic has a dead-letter topic: one partition, records kept until an operator deals with them.
  create "$name-dlq" 1 dlq
done

for topic in "${TOPICS[@]}"; do
  read -r name partitions layout <<<"$topic"
  check "$name" "$partitions" "$layout"
  check "$name-dlq" 1 dlq
done

if ((problems > 0)); then
  echo "$problems difference(s) from the layout in Topics.ALL: fix them by hand (kafka-configs.sh --alter for" \
    "settings; a topic with the wrong partition count must be deleted and created again while nothing uses it)" >&2
  exit 1
fi
echo "every topic and dead-letter topic is in place"
