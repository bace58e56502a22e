#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, broker + controller in one JVM) for local
# development and the integration tests, without Docker: the broker's jars come from Maven
# Central (scripts/kafka/pom.xml) and everything it writes lives in a cache outside the repo.
#
#   bash scripts/kafka.sh start    # fetch jars (first run), format storage (first run), start, wait until ready
#   bash scripts/kafka.sh stop     # stop the broker started by this script (SIGTERM, then SIGKILL after 20 s)
#   bash scripts/kafka.sh status   # "running" (exit 0) or "not running" (exit 1)
#
# Broker: 127.0.0.1:9092 (clients), controller: 127.0.0.1:9093 (never point clients at it).
# Needs java (17) and node on PATH, mvn for the first fetch, and kafkajs in node_modules.
#
# Environment:
#   KAFKA_CACHE_DIR      cache directory (default: $HOME/.cache/health-gamification/kafka)
#                          libs/       broker jars (fetched once; libs/.fetched marks a complete fetch)
#                          data/       broker log dir (formatted once)
#                          kafka.log   broker stdout/stderr (previous run: kafka.log.1)
#                          kafka.pid   pid of the broker JVM
#   KAFKA_START_TIMEOUT  seconds to wait for readiness on start (default: 90)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TEMPLATE_DIR="$SCRIPT_DIR/kafka"
READY_JS="$SCRIPT_DIR/kafka-ready.js"

CACHE_DIR="${KAFKA_CACHE_DIR:-${HOME:?HOME is not set}/.cache/health-gamification/kafka}"
LIBS_DIR="$CACHE_DIR/libs"
LIBS_MARKER="$LIBS_DIR/.fetched"
DATA_DIR="$CACHE_DIR/data"
LOG_FILE="$CACHE_DIR/kafka.log"
PID_FILE="$CACHE_DIR/kafka.pid"
LOCK_FILE="$CACHE_DIR/kafka.lock"
SERVER_PROPERTIES="$CACHE_DIR/server.properties"
LOG4J_PROPERTIES="$CACHE_DIR/log4j.properties"

HOST=127.0.0.1
PORT=9092
CONTROLLER_PORT=9093
# Fixed cluster id (base64url of 16 bytes) so a formatted data dir can be recognised.
CLUSTER_ID=aGVhbHRoLWdhbWlmaWNhdA
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT=20
# A system property that tags the broker JVM, so `stop` never signals a recycled pid.
PROCESS_TAG="-Dhealth-gamification.dev-kafka=true"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.6.1"

log() { printf 'kafka: %s\n' "$*"; }
die() { printf 'kafka: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo pipefail/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

# TCP connect only (cheap); not a readiness check on its own.
port_open() {
  timeout 1 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
}

# Ready = the port is open AND a kafkajs admin client can describeCluster().
broker_ready() {
  port_open "$PORT" && node "$READY_JS" "$HOST:$PORT" "${1:-3000}"
}

# Prints the pid of the broker JVM started by this script, if it is still alive.
our_pid() {
  local pid cmdline
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(<"$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$PROCESS_TAG"* ]] || return 1
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

write_config() {
  local template
  template="$(<"$TEMPLATE_DIR/server.properties")"
  # Quoted replacement: '&' in the path must not expand to the match (bash 5.2 patsub_replacement).
  printf '%s\n' "${template//@KAFKA_DATA_DIR@/"$DATA_DIR"}" >"$SERVER_PROPERTIES.tmp"
  mv "$SERVER_PROPERTIES.tmp" "$SERVER_PROPERTIES"
  cp "$TEMPLATE_DIR/log4j.properties" "$LOG4J_PROPERTIES"
}

format_storage() {
  if [[ -f "$DATA_DIR/meta.properties" ]] && grep -qx "cluster.id=$CLUSTER_ID" "$DATA_DIR/meta.properties"; then
    return 0
  fi
  # Missing (or foreign) cluster id file: start from an empty data dir.
  log "formatting storage in $DATA_DIR ..."
  rm -rf "$DATA_DIR"
  mkdir -p "$DATA_DIR"
  if ! java -Dlog4j.configuration="file:$LOG4J_PROPERTIES" -cp "$LIBS_DIR/*" \
      kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$SERVER_PROPERTIES" --ignore-formatted \
      >"$CACHE_DIR/format.log" 2>&1; then
    sed 's/^/  | /' "$CACHE_DIR/format.log" >&2
    die "formatting $DATA_DIR failed"
  fi
}

launch_broker() {
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  rm -f "$PID_FILE"
  # setsid + nohup: own session, immune to SIGHUP/SIGINT of the calling shell or test run.
  # The inner bash writes its own pid and then execs java, so the pid file holds the JVM's pid.
  # fd 9 (the start lock) is closed so the long-lived JVM does not keep holding it.
  (
    cd "$CACHE_DIR"
    exec setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
      java -Xms256m -Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
        -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent \
        -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
        -Dlog4j.configuration="file:$LOG4J_PROPERTIES" "$PROCESS_TAG" \
        -cp "$LIBS_DIR/*" kafka.Kafka "$SERVER_PROPERTIES"
  ) </dev/null >"$LOG_FILE" 2>&1 9>&- &
}

wait_until_ready() {
  local started=$SECONDS deadline=$((SECONDS + START_TIMEOUT)) next_note=$((SECONDS + 15)) pid=""
  log "waiting for the broker on $HOST:$PORT (up to ${START_TIMEOUT}s) ..."
  while ((SECONDS < deadline)); do
    if [[ -z "$pid" && -s "$PID_FILE" ]]; then
      pid="$(<"$PID_FILE")"
    fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "the broker (pid $pid) exited during startup"
      show_log_tail
      rm -f "$PID_FILE"
      exit 1
    fi
    if broker_ready 3000; then
      log "ready on $HOST:$PORT after $((SECONDS - started))s (pid ${pid:-?}, log $LOG_FILE)"
      return 0
    fi
    if ((SECONDS >= next_note)); then
      log "still waiting ($((SECONDS - started))s) ..."
      next_note=$((SECONDS + 15))
    fi
    sleep 0.5
  done
  log "the broker is not ready after ${START_TIMEOUT}s (still running as pid ${pid:-?}; 'bash $0 stop' stops it)"
  show_log_tail
  exit 1
}

cmd_start() {
  # Fast path, taken on every `npm test`: already up and answering.
  if broker_ready 2000; then
    log "already running on $HOST:$PORT"
    return 0
  fi

  command -v java >/dev/null || die "java (17) is needed on PATH"
  command -v node >/dev/null || die "node is needed on PATH"
  mkdir -p "$CACHE_DIR"

  # One start at a time (parallel test runs): the loser waits, then finds the broker up.
  exec 9>"$LOCK_FILE"
  if ! flock -w $((START_TIMEOUT + 300)) 9; then
    die "timed out waiting for another 'kafka.sh start' (lock $LOCK_FILE)"
  fi
  if broker_ready 2000; then
    log "already running on $HOST:$PORT"
    return 0
  fi

  local pid
  if pid="$(our_pid)"; then
    log "broker process $pid is up but not answering yet"
    wait_until_ready
    return 0
  fi
  rm -f "$PID_FILE"
  if port_open "$PORT" || port_open "$CONTROLLER_PORT"; then
    die "port $PORT or $CONTROLLER_PORT on $HOST is taken by a process this script did not start, and it does not answer as a Kafka broker"
  fi

  fetch_libs
  write_config
  format_storage
  log "starting Kafka 3.9.1 (KRaft, single node) ..."
  launch_broker
  wait_until_ready
}

cmd_stop() {
  local pid waited=0
  if ! pid="$(our_pid)"; then
    rm -f "$PID_FILE"
    if port_open "$PORT"; then
      log "not running (no broker started by this script; something else listens on $HOST:$PORT, left alone)"
    else
      log "not running"
    fi
    return 0
  fi
  log "stopping the broker (pid $pid) ..."
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < STOP_TIMEOUT * 4)); do
    sleep 0.25
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after ${STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < 40)); do
      sleep 0.25
      waited=$((waited + 1))
    done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local pid
  if broker_ready 3000; then
    if pid="$(our_pid)"; then
      log "running on $HOST:$PORT (pid $pid)"
    else
      log "running on $HOST:$PORT (not started by this script)"
    fi
    return 0
  fi
  if pid="$(our_pid)"; then
    log "not running: broker process $pid is up but not answering on $HOST:$PORT (starting or stuck; see $LOG_FILE)"
  else
    log "not running"
  fi
  return 1
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
