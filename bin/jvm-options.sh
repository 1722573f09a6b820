# Sourced by bin/depset and bench/lamp-load.sh: the JVM options a depset subcommand runs with, so
# that a benchmark's tracer runs as `depset run` does. Not a command.
#
# depset_java_opts SUBCOMMAND: prepends them to DEPSET_JAVA_OPTS, where the user's own come last
# and so win; an option the user gave is not given again.
depset_java_opts() {
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
