# Sourced by ops/bin/posthorn and .ci/run: defines posthorn_find_java, which prints the path of a
# `java` from JDK 21 or newer: $JAVA_HOME first, then `java` on PATH, then the newest under
# /usr/lib/jvm (where Debian keeps extra JDKs). Fails, printing nothing, when there is none.

posthorn_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

posthorn_find_java() {
  local candidate major best="" best_major=0
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null)"; do
    [ -x "$candidate" ] || continue
    major=$(posthorn_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    major=$(posthorn_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major=$major
    fi
  done
  [ -n "$best" ] || return 1
  echo "$best"
}
