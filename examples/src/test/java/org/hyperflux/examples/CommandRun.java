package org.hyperflux.examples;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the {@code hyperflux} command in this JVM: exit code, standard output and error. */
record CommandRun(int exitCode, String out, String err) {
  /** Runs {@code hyperflux ARGS} and captures what it printed through picocli's writers. */
  static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = HyperfluxCommand.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new CommandRun(code, out.toString(), err.toString());
  }
}
