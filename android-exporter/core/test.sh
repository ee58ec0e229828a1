#!/usr/bin/env bash
# Builds and tests the platform-free core of the Android exporter with plain javac and JUnit 4: no Android
# SDK, no Gradle, no network. Runs from any directory. Needs a JDK (8 or newer; CI uses Debian's
# default-jdk-headless) and Debian's junit4 package (/usr/share/java/junit4.jar + hamcrest-core.jar);
# JUNIT_JAR and HAMCREST_JAR override the jar paths.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
junit="${JUNIT_JAR:-/usr/share/java/junit4.jar}"
hamcrest="${HAMCREST_JAR:-/usr/share/java/hamcrest-core.jar}"

if ! command -v javac >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
  echo "test:java: no JDK found (javac/java not on PATH)." >&2
  echo "test:java: install one, e.g. 'apt-get install -y default-jdk-headless', then run again." >&2
  exit 1
fi
for jar in "$junit" "$hamcrest"; do
  if [ ! -f "$jar" ]; then
    echo "test:java: $jar is missing: JUnit 4 is not installed." >&2
    echo "test:java: install it with 'apt-get install -y junit4' (or set JUNIT_JAR / HAMCREST_JAR), then run again." >&2
    exit 1
  fi
done

build="$here/build"
rm -rf "$build/classes" "$build/test-classes"
mkdir -p "$build/classes" "$build/test-classes"

mapfile -t main_sources < <(find "$here/src/main/java" -name '*.java' | sort)
mapfile -t test_sources < <(find "$here/src/test/java" -name '*.java' | sort)

# The core also ships inside the APK (minSdk 26), so it may only use the Java 8 library: --release 8
# turns any newer API (List.of, String.isBlank, …) into a compile error here rather than a crash on a phone.
release=(--release 8)
javac --help 2>&1 | grep -q -- '--release' || release=(-source 8 -target 8)

echo "test:java: compiling ${#main_sources[@]} core sources ($(javac -version 2>&1))"
javac -encoding UTF-8 "${release[@]}" -Xlint:all -Xlint:-options -d "$build/classes" "${main_sources[@]}"
echo "test:java: compiling ${#test_sources[@]} test sources"
javac -encoding UTF-8 -Xlint:-options -cp "$build/classes:$junit:$hamcrest" -d "$build/test-classes" "${test_sources[@]}"

classes=()
for f in "${test_sources[@]}"; do
  case "$f" in
    *Test.java)
      rel="${f#"$here/src/test/java/"}"
      rel="${rel%.java}"
      classes+=("${rel//\//.}")
      ;;
  esac
done

log="$build/junit.log"
set +e
java -Dfile.encoding=UTF-8 -Dcrosstalk.fixtures="$repo/tests/fixtures/interchange" \
  -cp "$build/classes:$build/test-classes:$junit:$hamcrest" \
  org.junit.runner.JUnitCore "${classes[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

if ok=$(grep -Eo '^OK \([0-9]+ tests?\)' "$log" | grep -Eo '[0-9]+'); then
  echo "junit: $ok passed, 0 failed"
elif line=$(grep -E '^Tests run: [0-9]+, +Failures: [0-9]+' "$log" | tail -n 1); then
  run=$(echo "$line" | sed -E 's/^Tests run: ([0-9]+).*/\1/')
  failed=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
  echo "junit: $((run - failed)) passed, $failed failed"
fi
exit "$status"
