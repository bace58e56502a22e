#!/usr/bin/env bash
# A real Apache Kafka for local development and the integration tests, without Docker: a
# single-node broker (the default, what `npm test` uses) or a multi-broker cluster (KRaft; each
# JVM is broker and controller). The broker jars come from Maven Central (scripts/kafka/pom.xml)
# and everything the brokers write lives in a cache outside the repo.
#
#   bash scripts/kafka.sh start    # fetch jars (first run), format storage (first run), start, wait until ready
#   bash scripts/kafka.sh stop     # stop the broker started by this script (SIGTERM, then SIGKILL after 20 s)
#   bash scripts/kafka.sh status   # "running" (exit 0) or "not running" (exit 1)
#
# Single node (no options): broker 127.0.0.1:9092 (clients), controller 127.0.0.1:9093 (never
# point clients at it).
#
# Cluster: the same commands with --brokers N (N >= 2), e.g. `npm run kafka:start -- --brokers 3`.
#   --brokers N   N brokers: clients on PORT .. PORT+N-1, controllers on PORT+N .. PORT+2N-1
#                 (3 brokers from 9092: clients 9092-9094, controllers 9095-9097)
#   --port P      first client port (default 9092). The single-node broker holds 9092-9093, so
#                 while it runs a cluster needs another range, e.g. --port 19092.
#   --dir D       the cluster's state (default: $KAFKA_CACHE_DIR/cluster); one directory per
#                 broker, D/broker-<id>/ with data/, server.properties, kafka.log, kafka.pid, and
#                 D/layout (size and first port, so later commands with --dir alone find them).
#                 stop and status take the same --dir (or --brokers) to address the cluster.
#   Topics default to replication factor min(3, N) and min.insync.replicas 2 (1 below three
#   brokers). Each broker runs with a 256 MiB heap. `start` is idempotent per broker: run it
#   again to restart a broker that died, the others are left alone.
#
# Needs java (17) and node on PATH, mvn for the first fetch, and kafkajs in node_modules.
#
# Environment:
#   KAFKA_CACHE_DIR      cache directory (default: $HOME/.cache/health-gamification/kafka)
#                          libs/       broker jars (fetched once, shared by every mode; libs/.fetched marks a complete fetch)
#                          data/       single-node log dir (formatted once)
#                          kafka.log   single-node stdout/stderr (previous run: kafka.log.1)
#                          kafka.pid   pid of the single-node JVM
#                          cluster/    default --dir of a cluster
#   KAFKA_START_TIMEOUT  seconds to wait for readiness on start (default: 90; per broker in a cluster)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TEMPLATE_DIR="$SCRIPT_DIR/kafka"
READY_JS="$SCRIPT_DIR/kafka-ready.js"

CACHE_DIR="${KAFKA_CACHE_DIR:-${HOME:?HOME is not set}/.cache/health-gamification/kafka}"
LIBS_DIR="$CACHE_DIR/libs"
LIBS_MARKER="$LIBS_DIR/.fetched"
LOG4J_PROPERTIES="$CACHE_DIR/log4j.properties"

HOST=127.0.0.1
DEFAULT_PORT=9092
# Fixed cluster ids (base64url of 16 bytes) so a formatted data dir can be recognised.
SINGLE_NODE_CLUSTER_ID=aGVhbHRoLWdhbWlmaWNhdA
MULTI_NODE_CLUSTER_ID=aGVhbHRoLWdhbWNsdXN0ZQ
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT=20
# In a cluster directory: "<brokers> <first port>" of the cluster started there.
LAYOUT_FILE=layout
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.6.1"

# Options (see usage).
BROKERS=1
FIRST_PORT=$DEFAULT_PORT
CLUSTER_DIR=""

# The node the functions below act on; select_single_node / select_cluster_node set these.
NODE_LABEL="" NODE_ID="" NODE_DIR="" DATA_DIR="" LOG_FILE="" PID_FILE="" SERVER_PROPERTIES=""
PORT="" CONTROLLER_PORT="" CLUSTER_ID="" CONFIG_TEMPLATE="" HEAP_OPTS=() PROCESS_TAG=""

log() { printf 'kafka: %s\n' "$*"; }
die() { printf 'kafka: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

is_cluster() { ((BROKERS > 1)); }

select_single_node() {
  NODE_LABEL="the broker"
  NODE_ID=1
  NODE_DIR="$CACHE_DIR"
  DATA_DIR="$CACHE_DIR/data"
  PORT=$DEFAULT_PORT
  CONTROLLER_PORT=$((DEFAULT_PORT + 1))
  CLUSTER_ID=$SINGLE_NODE_CLUSTER_ID
  CONFIG_TEMPLATE="$TEMPLATE_DIR/server.properties"
  HEAP_OPTS=(-Xms256m -Xmx768m)
  # A system property that tags the broker JVM, so `stop` never signals a recycled pid.
  PROCESS_TAG="-Dhealth-gamification.dev-kafka=true"
  set_node_files
}

select_cluster_node() {
  NODE_ID=$1
  NODE_LABEL="broker $NODE_ID"
  NODE_DIR="$CLUSTER_DIR/broker-$NODE_ID"
  DATA_DIR="$NODE_DIR/data"
  PORT=$((FIRST_PORT + NODE_ID - 1))
  CONTROLLER_PORT=$((FIRST_PORT + BROKERS + NODE_ID - 1))
  CLUSTER_ID=$MULTI_NODE_CLUSTER_ID
  CONFIG_TEMPLATE="$TEMPLATE_DIR/cluster.properties"
  HEAP_OPTS=(-Xms128m -Xmx256m)
  PROCESS_TAG="-Dhealth-gamification.dev-kafka-node=$NODE_DIR"
  set_node_files
}

set_node_files() {
  LOG_FILE="$NODE_DIR/kafka.log"
  PID_FILE="$NODE_DIR/kafka.pid"
  SERVER_PROPERTIES="$NODE_DIR/server.properties"
}

# "1@127.0.0.1:9095,2@127.0.0.1:9096,..." for the cluster's controllers.
quorum_voters() {
  local id voters=()
  for ((id = 1; id <= BROKERS; id++)); do
    voters+=("$id@$HOST:$((FIRST_PORT + BROKERS + id - 1))")
  done
  local IFS=,
  printf '%s\n' "${voters[*]}"
}

# TCP connect only (cheap); not a readiness check on its own.
port_open() {
  timeout 1 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
}

# Ready = the port is open AND a kafkajs admin client can describeCluster() there and sees at
# least $2 brokers (default: all of them, so a started cluster is complete).
broker_ready() {
  port_open "$PORT" && node "$READY_JS" "$HOST:$PORT" "${1:-3000}" "--min-brokers=${2:-$BROKERS}"
}

# Prints the pid of the selected node's JVM started by this script, if it is still alive.
our_pid() {
  local pid cmdline
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(<"$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$PROCESS_TAG "* ]] || return 1
  printf '%s\n' "$pid"
}

show_log_tail() {
  if [[ -s "$LOG_FILE" ]]; then
    log "last 40 lines of $LOG_FILE:"
    tail -n 40 "$LOG_FILE" | sed 's/^/  | /'
  else
    log "$LOG_FILE is empty"
  fi
}

fetch_libs() {
  local want
  want="$(sha256sum "$TEMPLATE_DIR/pom.xml" | cut -d' ' -f1)"
  if [[ -f "$LIBS_MARKER" && "$(<"$LIBS_MARKER")" == "$want" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn is needed (once) to fetch the Kafka jars from Maven Central"

  # Build from a copy in the cache so Maven never writes into the repository, and download
  # into a scratch dir that only becomes libs/ once complete: an interrupted fetch is redone.
  local build="$CACHE_DIR/build" partial="$CACHE_DIR/libs.partial" started=$SECONDS count
  rm -rf "$build" "$partial"
  mkdir -p "$build"
  cp "$TEMPLATE_DIR/pom.xml" "$build/pom.xml"
  log "fetching Kafka jars from Maven Central into $LIBS_DIR (first run only; may take a few minutes) ..."
  if ! (cd "$build" && mvn -B -q -f pom.xml "$DEPENDENCY_PLUGIN:copy-dependencies" \
        -DincludeScope=runtime -DoutputDirectory="$partial") >"$build/mvn.log" 2>&1; then
    tail -n 40 "$build/mvn.log" | sed 's/^/  | /' >&2
    die "fetching the Kafka jars failed (full output: $build/mvn.log)"
  fi
  compgen -G "$partial/kafka_2.13-*.jar" >/dev/null && compgen -G "$partial/slf4j-reload4j-*.jar" >/dev/null \
    || die "the fetch finished but kafka_2.13 / slf4j-reload4j jars are missing in $partial"
  rm -rf "$LIBS_DIR"
  mv "$partial" "$LIBS_DIR"
  printf '%s\n' "$want" >"$LIBS_MARKER"
  rm -rf "$build"
  count="$(find "$LIBS_DIR" -maxdepth 1 -name '*.jar' | wc -l)"
  log "fetched $count jars in $((SECONDS - started))s"
}

write_log4j_config() {
  cp "$TEMPLATE_DIR/log4j.properties" "$LOG4J_PROPERTIES.tmp.$$"
  mv "$LOG4J_PROPERTIES.tmp.$$" "$LOG4J_PROPERTIES"
}

write_node_config() {
  local config replication=$((BROKERS < 3 ? BROKERS : 3))
  local min_insync=$((replication >= 3 ? 2 : 1))
  config="$(<"$CONFIG_TEMPLATE")"
  # Quoted replacements: '&' in a path must not expand to the match (bash 5.2 patsub_replacement).
  config="${config//@KAFKA_DATA_DIR@/"$DATA_DIR"}"
  config="${config//@NODE_ID@/"$NODE_ID"}"
  config="${config//@PORT@/"$PORT"}"
  config="${config//@CONTROLLER_PORT@/"$CONTROLLER_PORT"}"
  config="${config//@QUORUM_VOTERS@/"$(quorum_voters)"}"
  config="${config//@REPLICATION_FACTOR@/"$replication"}"
  config="${config//@MIN_INSYNC_REPLICAS@/"$min_insync"}"
  mkdir -p "$NODE_DIR"
  printf '%s\n' "$config" >"$SERVER_PROPERTIES.tmp"
  mv "$SERVER_PROPERTIES.tmp" "$SERVER_PROPERTIES"
}

format_storage() {
  if [[ -f "$DATA_DIR/meta.properties" ]] && grep -qx "cluster.id=$CLUSTER_ID" "$DATA_DIR/meta.properties" \
      && grep -qx "node.id=$NODE_ID" "$DATA_DIR/meta.properties"; then
    return 0
  fi
  # Missing (or foreign) cluster id file: start from an empty data dir.
  log "formatting storage in $DATA_DIR ..."
  rm -rf "$DATA_DIR"
  mkdir -p "$DATA_DIR"
  if ! java -Dlog4j.configuration="file:$LOG4J_PROPERTIES" -cp "$LIBS_DIR/*" \
      kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$SERVER_PROPERTIES" --ignore-formatted \
      >"$NODE_DIR/format.log" 2>&1; then
    sed 's/^/  | /' "$NODE_DIR/format.log" >&2
    die "formatting $DATA_DIR failed"
  fi
}

launch_broker() {
  log "starting $NODE_LABEL (Kafka 3.9.1, KRaft) ..."
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  rm -f "$PID_FILE"
  # setsid + nohup: own session, immune to SIGHUP/SIGINT of the calling shell or test run.
  # The inner bash writes its own pid and then execs java, so the pid file holds the JVM's pid.
  # fd 9 (the start lock) is closed so the long-lived JVM does not keep holding it.
  (
    cd "$NODE_DIR"
    exec setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
      java "${HEAP_OPTS[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
        -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
        -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
        -Dlog4j.configuration="file:$LOG4J_PROPERTIES" "$PROCESS_TAG" \
        -cp "$LIBS_DIR/*" kafka.Kafka "$SERVER_PROPERTIES"
  ) </dev/null >"$LOG_FILE" 2>&1 9>&- &
}

wait_until_ready() {
  local started=$SECONDS deadline=$((SECONDS + START_TIMEOUT)) next_note=$((SECONDS + 15)) pid=""
  log "waiting for $NODE_LABEL on $HOST:$PORT (up to ${START_TIMEOUT}s) ..."
  while ((SECONDS < deadline)); do
    if [[ -z "$pid" && -s "$PID_FILE" ]]; then
      pid="$(<"$PID_FILE")"
    fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "$NODE_LABEL (pid $pid) exited during startup"
      show_log_tail
      rm -f "$PID_FILE"
      exit 1
    fi
    if broker_ready 3000; then
      log "$NODE_LABEL ready on $HOST:$PORT after $((SECONDS - started))s (pid ${pid:-?}, log $LOG_FILE)"
      return 0
    fi
    if ((SECONDS >= next_note)); then
      log "still waiting ($((SECONDS - started))s) ..."
      next_note=$((SECONDS + 15))
    fi
    sleep 0.5
  done
  log "$NODE_LABEL is not ready after ${START_TIMEOUT}s (still running as pid ${pid:-?}; 'bash $0 stop' stops it)"
  show_log_tail
  exit 1
}

# Takes the start lock of the selected mode (parallel test runs): the loser waits, then finds the brokers up.
take_start_lock() {
  exec 9>"$1"
  if ! flock -w $((START_TIMEOUT * BROKERS + 300)) 9; then
    die "timed out waiting for another 'kafka.sh start' (lock $1)"
  fi
}

# Launches the selected node unless it runs already.
launch_unless_running() {
  local pid
  if pid="$(our_pid)"; then
    log "$NODE_LABEL already running (pid $pid)"
    return 0
  fi
  # A single-node broker started otherwise (e.g. docker compose) serves as well; a cluster's
  # ports must belong to its own nodes.
  if ! is_cluster && broker_ready 2000; then
    log "$NODE_LABEL already running on $HOST:$PORT (not started by this script)"
    return 0
  fi
  rm -f "$PID_FILE"
  if port_open "$PORT" || port_open "$CONTROLLER_PORT"; then
    local hint=""
    is_cluster && hint=" (the single-node broker holds 9092-9093: 'npm run kafka:stop' it, or start the cluster on other ports, e.g. --port 19092)"
    die "port $PORT or $CONTROLLER_PORT on $HOST is taken by a process this script did not start, and it does not answer as $NODE_LABEL of this cluster$hint"
  fi
  write_node_config
  format_storage
  launch_broker
}

start_single_node() {
  select_single_node
  # Fast path, taken on every `npm test`: already up and answering.
  if broker_ready 2000; then
    log "already running on $HOST:$PORT"
    return 0
  fi
  mkdir -p "$CACHE_DIR"
  take_start_lock "$CACHE_DIR/kafka.lock"
  fetch_libs
  write_log4j_config
  launch_unless_running
  wait_until_ready
}

start_cluster() {
  local id
  mkdir -p "$CACHE_DIR" "$CLUSTER_DIR"
  take_start_lock "$CLUSTER_DIR/kafka.lock"
  printf '%s %s\n' "$BROKERS" "$FIRST_PORT" >"$CLUSTER_DIR/$LAYOUT_FILE"
  fetch_libs
  write_log4j_config
  log "starting Kafka 3.9.1 (KRaft, $BROKERS brokers: clients on $HOST:$FIRST_PORT-$((FIRST_PORT + BROKERS - 1)), state in $CLUSTER_DIR) ..."
  # Every node first: a controller quorum (a majority of the nodes) must form before any broker is ready.
  for ((id = 1; id <= BROKERS; id++)); do
    select_cluster_node "$id"
    launch_unless_running
  done
  for ((id = 1; id <= BROKERS; id++)); do
    select_cluster_node "$id"
    wait_until_ready
  done
  log "cluster ready: brokers $HOST:$FIRST_PORT-$((FIRST_PORT + BROKERS - 1))"
}

cmd_start() {
  command -v java >/dev/null || die "java (17) is needed on PATH"
  command -v node >/dev/null || die "node is needed on PATH"
  if is_cluster; then start_cluster; else start_single_node; fi
}

any_alive() {
  local pid
  for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done
  return 1
}

# SIGTERM to every given JVM at once, SIGKILL to those still running after STOP_TIMEOUT.
stop_pids() {
  local pid waited=0
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  while any_alive "$@" && ((waited < STOP_TIMEOUT * 4)); do
    sleep 0.25
    waited=$((waited + 1))
  done
  if any_alive "$@"; then
    log "still running after ${STOP_TIMEOUT}s, sending SIGKILL"
    for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done
    waited=0
    while any_alive "$@" && ((waited < 40)); do
      sleep 0.25
      waited=$((waited + 1))
    done
  fi
}

# The node ids of a cluster directory (its broker-<id>/ folders), whatever --brokers says.
cluster_node_ids() {
  local dir
  for dir in "$CLUSTER_DIR"/broker-*/; do
    [[ -d "$dir" ]] || continue
    dir="${dir%/}"
    printf '%s\n' "${dir##*/broker-}"
  done | sort -n
}

cmd_stop() {
  local pid pids=() id
  if is_cluster; then
    for id in $(cluster_node_ids); do
      select_cluster_node "$id"
      if pid="$(our_pid)"; then pids+=("$pid"); else rm -f "$PID_FILE"; fi
    done
    if ((${#pids[@]} == 0)); then
      log "not running (no broker of $CLUSTER_DIR)"
      return 0
    fi
    log "stopping ${#pids[@]} broker(s) of $CLUSTER_DIR (pids ${pids[*]}) ..."
  else
    select_single_node
    if ! pid="$(our_pid)"; then
      rm -f "$PID_FILE"
      if port_open "$PORT"; then
        log "not running (no broker started by this script; something else listens on $HOST:$PORT, left alone)"
      else
        log "not running"
      fi
      return 0
    fi
    pids=("$pid")
    log "stopping the broker (pid $pid) ..."
  fi
  stop_pids "${pids[@]}"
  if is_cluster; then
    for id in $(cluster_node_ids); do select_cluster_node "$id"; rm -f "$PID_FILE"; done
  else
    rm -f "$PID_FILE"
  fi
  log "stopped"
}

# Prints the state of the selected node; exit 0 when it answers.
node_status() {
  local pid
  if broker_ready 3000 1; then
    if pid="$(our_pid)"; then
      log "$NODE_LABEL running on $HOST:$PORT (pid $pid)"
    else
      log "$NODE_LABEL running on $HOST:$PORT (not started by this script)"
    fi
    return 0
  fi
  if pid="$(our_pid)"; then
    log "$NODE_LABEL not running: process $pid is up but not answering on $HOST:$PORT (starting or stuck; see $LOG_FILE)"
  else
    log "$NODE_LABEL not running"
  fi
  return 1
}

cmd_status() {
  local id failed=0
  if ! is_cluster; then
    select_single_node
    node_status
    return
  fi
  for ((id = 1; id <= BROKERS; id++)); do
    select_cluster_node "$id"
    node_status || failed=1
  done
  return "$failed"
}

parse_options() {
  local brokers_given=false port_given=false
  while (($# > 0)); do
    case "$1" in
      --brokers) BROKERS="${2:-}"; brokers_given=true; shift 2 || die "--brokers needs a number" ;;
      --port) FIRST_PORT="${2:-}"; port_given=true; shift 2 || die "--port needs a number" ;;
      --dir) CLUSTER_DIR="${2:-}"; shift 2 || die "--dir needs a directory" ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  if [[ -z "$CLUSTER_DIR" ]] && ! { $brokers_given && [[ "$BROKERS" != 1 ]]; }; then
    $port_given && die "--port applies to a cluster (--brokers N, N >= 2); the single-node broker always listens on $DEFAULT_PORT"
    BROKERS=1
    return 0
  fi
  # A cluster: its directory, and the size and ports it was started with unless told otherwise.
  CLUSTER_DIR="${CLUSTER_DIR:-$CACHE_DIR/cluster}"
  if [[ -f "$CLUSTER_DIR/$LAYOUT_FILE" ]]; then
    local saved_brokers saved_port
    read -r saved_brokers saved_port <"$CLUSTER_DIR/$LAYOUT_FILE"
    $brokers_given || BROKERS=$saved_brokers
    $port_given || FIRST_PORT=$saved_port
  elif ! $brokers_given; then
    die "$CLUSTER_DIR holds no cluster; start one with --brokers N (N >= 2)"
  fi
  mkdir -p "$CLUSTER_DIR"
  CLUSTER_DIR="$(cd "$CLUSTER_DIR" && pwd)"
  [[ "$BROKERS" =~ ^[1-9][0-9]?$ ]] && ((BROKERS >= 2)) || die "a cluster needs --brokers from 2 to 99"
  [[ "$FIRST_PORT" =~ ^[0-9]+$ ]] && ((FIRST_PORT >= 1024 && FIRST_PORT + 2 * BROKERS <= 65536)) \
    || die "--port must leave room for $((2 * BROKERS)) ports between 1024 and 65535"
}

command="${1:-}"
(($# > 0)) && shift
case "$command" in
  start) parse_options "$@"; cmd_start ;;
  stop) parse_options "$@"; cmd_stop ;;
  status) parse_options "$@"; cmd_status ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
