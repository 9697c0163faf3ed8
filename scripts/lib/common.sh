# Shared helpers for the scripts in scripts/. Sourced, never run. No business logic here:
# locating the repository, building it when its sources changed, and launching a JVM.
# shellcheck shell=bash

DW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DW_CACHE="${DW_CACHE:-$HOME/.cache/coder-dw}"
export DW_ROOT DW_CACHE

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is required but not installed${2:+ ($2)}"
}

# A TCP port on 127.0.0.1 that nothing listens on right now.
dw_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Java 17 runs the jobs (Spark 4.2 supports 17 and 21; the Trino server needs 24+, found separately).
dw_java() {
  if [[ -n "${DW_JAVA:-}" ]]; then echo "$DW_JAVA"; return; fi
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then echo "$JAVA_HOME/bin/java"; return; fi
  need java "install a JDK 17"
  command -v java
}

# Builds the Maven modules (without tests) when any source, POM or resource is newer than the last build.
dw_build() {
  need mvn "install Maven 3.8+"
  local stamp="$DW_ROOT/jobs/spark-jobs/target/.dw-build-stamp"
  if [[ -f "$stamp" && -f "$DW_ROOT/jobs/spark-jobs/target/classpath.txt" && -f "$DW_ROOT/jobs/analytics/target/classpath.txt" \
        && -f "$DW_ROOT/jobs/serving/target/classpath.txt" ]] \
     && [[ -z "$(find "$DW_ROOT/pom.xml" "$DW_ROOT/jobs" -newer "$stamp" \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -print -quit)" ]]; then
    return 0
  fi
  log "building (mvn package -DskipTests; the first run downloads Spark and Delta, about 350 MB)"
  # the stamp gets the time the build started: a source saved while it ran is newer and builds next time
  local started; started="$(mktemp)"
  (cd "$DW_ROOT" && mvn -B -q -DskipTests install) >&2 || { rm -f "$started"; die "build failed"; }
  touch -r "$started" "$stamp"; rm -f "$started"
}

# The classpath of a module: its classes plus compile and provided dependencies.
dw_classpath() {
  local module="$1" cp=""
  if [[ "$module" == analytics || "$module" == serving ]]; then
    echo "$DW_ROOT/jobs/$module/target/classes:$(cat "$DW_ROOT/jobs/$module/target/classpath.txt")"
    return
  fi
  for m in core simulator spark-common spark-jobs; do
    cp="$cp${cp:+:}$DW_ROOT/jobs/$m/target/classes"
    [[ "$m" == "$module" ]] && break
  done
  echo "$cp:$(cat "$DW_ROOT/jobs/$module/target/classpath.txt")"
}

# dw_run_java MODULE MAIN_CLASS [ARGS...]: runs a main class with the Spark JVM flags.
dw_run_java() {
  local module="$1" main="$2"; shift 2
  local java; java="$(dw_java)"
  exec "$java" ${DW_JAVA_OPTS:--Xmx6g} "@$DW_ROOT/conf/jvm/spark-java17.args" \
    -Dlog4j2.configurationFile="$DW_ROOT/conf/log4j2.properties" -Ddw.root="$DW_ROOT" \
    -cp "$(dw_classpath "$module")" "$main" "$@"
}

# dw_run_serving MAIN_CLASS CONFIG_NAME [ARGS...]: runs a main class of dw-serving (Spring Boot) with its
# configuration from conf/serving/<CONFIG_NAME>*.yml, in UTC.
dw_run_serving() {
  local main="$1" config="$2"; shift 2
  local java; java="$(dw_java)"
  exec "$java" ${DW_SERVING_JAVA_OPTS:--Xmx1g} -Duser.timezone=UTC -Ddw.root="$DW_ROOT" \
    -cp "$(dw_classpath serving)" "$main" \
    --spring.config.name="$config" --spring.config.location="optional:classpath:/,file:$DW_ROOT/conf/serving/" "$@"
}
