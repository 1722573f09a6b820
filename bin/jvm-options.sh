# Sourced by bin/depset, bench/lamp-load.sh and the build's cache training: the Java runtime depset
# runs on and the JVM options a depset subcommand runs with, so that a benchmark's tracer runs as
# `depset run` does. Not a command.
#
# depset_java: sets DEPSET_JAVA (the java to run) and DEPSET_JAVA_FEATURE (its feature version: 17,
# 25 …; 0 when unknown). JAVA_HOME's java when JAVA_HOME is set: the user's choice. Otherwise the
# newest JDK among the java on PATH and the JDKs in DEPSET_JDKS (default /usr/lib/jvm, where Debian's
# and Temurin's packages put theirs): a JDK 25 starts depset from an ahead-of-time cache that holds
# its classes loaded and linked (bin/depset), which a JDK 17's class-data archive cannot, and the first
# requests of a traced program are served sooner (docs/benchmarks.md).
depset_java() {
  if [ -n "${JAVA_HOME:-}" ]; then
    DEPSET_JAVA=$JAVA_HOME/bin/java
    depset_java_feature "$JAVA_HOME"
    DEPSET_JAVA_FEATURE=$_feature
    return
  fi
  DEPSET_JAVA=java
  DEPSET_JAVA_FEATURE=0
  _path_java=$(command -v java 2>/dev/null || true)
  if [ -n "$_path_java" ]; then
    _path_java=$(readlink -f "$_path_java")
    depset_java_feature "${_path_java%/bin/java}"
    DEPSET_JAVA_FEATURE=$_feature
  fi
  for _home in "${DEPSET_JDKS:-/usr/lib/jvm}"/*; do
    [ -x "$_home/bin/java" ] && [ ! -L "$_home" ] || continue
    depset_java_feature "$_home"
    # depset needs 17; a java on PATH whose version is unknown (a shim, a wrapper) gives way
    # only to a JDK that can run depset.
    if [ "$_feature" -ge 17 ] && [ "$_feature" -gt "$DEPSET_JAVA_FEATURE" ]; then
      DEPSET_JAVA=$_home/bin/java
      DEPSET_JAVA_FEATURE=$_feature
    fi
  done
}

# depset_java_feature HOME: sets _feature to the feature version in the JDK's release file
# (JAVA_VERSION="25.0.3" gives 25, "1.8.0_402" gives 8), 0 when it has none. Shell built-ins
# only: the launcher runs this on every start.
depset_java_feature() {
  _feature=
  if [ -r "$1/release" ]; then
    while IFS= read -r _line; do
      case $_line in
        JAVA_VERSION=*) _feature=${_line#JAVA_VERSION=}; break ;;
      esac
    done < "$1/release"
  fi
  _feature=${_feature#\"}
  _feature=${_feature#1.}
  _feature=${_feature%%[!0-9]*}
  _feature=${_feature:-0}
}

# depset_java_opts SUBCOMMAND: prepends them to DEPSET_JAVA_OPTS, where the user's own come last
# and so win; an option the user gave is not given again.
depset_java_opts() {
  [ -n "${DEPSET_JAVA_FEATURE:-}" ] || depset_java
  # jnr's native library (jffi) is loaded through JNI and reads and writes memory through
  # sun.misc.Unsafe, for which JDK 24 and later print warnings on every start unless allowed.
  if [ "$DEPSET_JAVA_FEATURE" -ge 24 ]; then
    DEPSET_JAVA_OPTS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow ${DEPSET_JAVA_OPTS:-}"
  fi
  # Heap at most 2 GiB unless DEPSET_JAVA_OPTS says otherwise (a later -Xmx wins): a trace is
  # streamed, so even 100 million events fit (bench/bigtrace.sh).
  case " ${DEPSET_JAVA_OPTS:-} " in
    *" -Xmx"*) ;;
    *) DEPSET_JAVA_OPTS="-Xmx2g ${DEPSET_JAVA_OPTS:-}" ;;
  esac
  # File names are bytes; jnr (TraceFs) turns them into Java strings with the default charset,
  # which a C/POSIX locale makes ASCII: UTF-8 whatever the locale.
  DEPSET_JAVA_OPTS="-Dfile.encoding=UTF-8 -Dsun.jnu.encoding=UTF-8 $DEPSET_JAVA_OPTS"

  # The tracing commands compile with C1 only, on one compiler thread: their Java is a thin layer
  # over native calls (the request loop, libfuse, the kernel), which C2's optimisations barely speed
  # up, while C2's compiler threads took a core's worth of time from the traced program for seconds
  # (perf, `find /usr` through depset: about 3 of 6 CPU-seconds in user space) and from depset's own
  # start-up; a second C1 thread, or one started on demand, still took the traced program's CPU.
  # Their young generation is small (16 MiB): a request's garbage then lands on pages already
  # mapped, where a young generation of hundreds of MiB made nearly every 4 KiB of it a page fault,
  # which a virtual machine pays dearly. Commands that analyse traces keep C2 and the JVM's sizing:
  # their loops and their data are Java's (docs/benchmarks.md).
  case $1 in
    run|mount)
      case " $DEPSET_JAVA_OPTS " in
        *" -XX:TieredStopAtLevel="*|*" -XX:-TieredCompilation "*|*" -XX:CICompilerCount="*) ;;
        *) DEPSET_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UseDynamicNumberOfCompilerThreads $DEPSET_JAVA_OPTS" ;;
      esac
      case " $DEPSET_JAVA_OPTS " in
        *" -Xmn"*|*" -XX:NewSize="*|*" -XX:MaxNewSize="*) ;;
        *) DEPSET_JAVA_OPTS="-Xmn16m $DEPSET_JAVA_OPTS" ;;
      esac
      # The one compiler thread runs at nice -10, the JVM's other threads (their Java priorities all
      # mapped to nice 0) as without these options. A traced program's first requests are served by
      # code that thread is still compiling; at the same priority it got half of a CPU it shared with
      # the program or a request worker, ahead of them it finishes sooner (docs/benchmarks.md: the
      # empty workload's median 9.9 ms instead of 11.8, python3 start-up 128 instead of 140). Only root
      # may raise a thread's priority (anyone else would get the JVM's warning that it is ignored);
      # a -XX:ThreadPriorityPolicy of the user's leaves the priorities to the user.
      case " $DEPSET_JAVA_OPTS " in
        *" -XX:ThreadPriorityPolicy="*) ;;
        *) if [ "$(id -u)" = 0 ]; then
             case " $DEPSET_JAVA_OPTS " in
               *" -XX:CompilerThreadPriority="*) ;;
               *) DEPSET_JAVA_OPTS="-XX:CompilerThreadPriority=-10 $DEPSET_JAVA_OPTS" ;;
             esac
             for _p in 10 9 8 7 6 5 4 3 2 1; do
               DEPSET_JAVA_OPTS="-XX:JavaPriority${_p}_To_OSPriority=0 $DEPSET_JAVA_OPTS"
             done
             DEPSET_JAVA_OPTS="-XX:ThreadPriorityPolicy=1 $DEPSET_JAVA_OPTS"
           fi ;;
      esac
      # The request path (depset's classes, jnr's bindings and callbacks, jffi) is compiled after a
      # tenth of the usual calls: a fresh JVM served a traced program's first thousand requests
      # interpreted, 60-90 ms of a python3 start-up. Only those classes: compiling the JDK's and
      # picocli's start-up code early too cost the start-up more than it gave.
      case " $DEPSET_JAVA_OPTS " in
        *"CompileThresholdScaling"*) ;;
        *) DEPSET_JAVA_OPTS="-XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,depset.*::*,0.1 -XX:CompileCommand=CompileThresholdScaling,jnr.*::*,0.1 -XX:CompileCommand=CompileThresholdScaling,com.kenai.*::*,0.1 $DEPSET_JAVA_OPTS" ;;
      esac ;;
  esac
}
