package org.marrowj;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.marrowj.command.CommandArguments;
import org.marrowj.command.CommandHelp;
import org.marrowj.command.LauncherLogService;
import org.marrowj.command.LauncherPlugins;
import org.marrowj.command.Reports;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.console.ConsoleService;
import org.scijava.convert.ConvertService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogMessage;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.module.event.ModuleCanceledEvent;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.module.event.ModuleFinishedEvent;
import org.scijava.module.event.ModuleStartedEvent;
import org.scijava.parse.ParseService;
import org.scijava.run.RunService;
import org.scijava.service.Service;
import org.scijava.startup.StartupService;
import org.scijava.thread.ThreadService;

/**
 * MarrowJ's headless launcher ({@code bin/marrowj}): runs one command through SciJava's own console
 * {@code --run}, the same syntax as Fiji's {@code ImageJ --headless --run "Title" "key='v',n=1"}, but
 * strictly. Before the console sees the command line, the command name and every key and value are
 * checked against the command's declared inputs ({@link CommandArguments}); the launcher's context
 * logs only to standard error ({@link LauncherLogService}), never fills omitted inputs from saved
 * preferences and checks ranges and validaters once more inside SciJava's module pre-processing
 * ({@link org.marrowj.command.StrictInputsPreprocessor}); and the module's start, cancellation,
 * exception and end are observed through SciJava's module events.
 * <p>
 * Exit codes: 0 success; 2 bad input or usage (unknown command or key, unusable value, missing
 * input, a cancelled run, {@link BadInputException}); 1 internal error (any other exception). A
 * failure prints one line on standard error (a stack trace too with {@code --debug} or
 * {@code MARROWJ_DEBUG=1}). Reports (one JSON object) go to standard output, everything else to
 * standard error.
 */
public final class Main {

	public static final int OK = 0, INTERNAL_ERROR = 1, BAD_INPUT = 2;

	/** The services a launcher context starts (their own dependencies are added by SciJava). */
	private static final List<Class<? extends Service>> SERVICES = Arrays.asList(LogService.class, EventService.class,
		ThreadService.class, ConvertService.class, ParseService.class, ModuleService.class, CommandService.class,
		RunService.class, StartupService.class, ConsoleService.class);

	private Main() {}

	public static void main(final String[] args) {
		if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
		final PrintStream out = System.out;
		final int code = run(args, out, System.err);
		out.flush();
		System.err.flush();
		System.exit(code);
	}

	/**
	 * Runs the launcher in this JVM. While it runs, {@code System.out} and {@code System.err} both point
	 * to {@code err}, so only reports reach {@code out}.
	 *
	 * @return the exit code
	 */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		boolean debug = "1".equals(System.getenv("MARROWJ_DEBUG")) || "true".equalsIgnoreCase(System.getenv("MARROWJ_DEBUG"));
		final List<String> rest = new ArrayList<>();
		for (final String a : args) {
			if ("--debug".equals(a)) debug = true;
			else rest.add(a);
		}
		final PrintStream sysOut = System.out, sysErr = System.err;
		System.setOut(err);
		System.setErr(err);
		try {
			return dispatch(rest, out, err, debug);
		}
		catch (final BadInputException e) {
			err.println("error: " + CommandArguments.oneLine(e.getMessage()));
			if (debug) e.printStackTrace(err);
			return BAD_INPUT;
		}
		catch (final RuntimeException | Error e) {
			err.println("internal error: " + describe(e) + (debug ? "" : " (--debug shows the stack trace)"));
			if (debug) e.printStackTrace(err);
			return INTERNAL_ERROR;
		}
		finally {
			err.flush();
			System.setOut(sysOut);
			System.setErr(sysErr);
		}
	}

	private static int dispatch(final List<String> args, final PrintStream out, final PrintStream err, final boolean debug) {
		if (args.isEmpty()) return usage(err, "no command given");
		final String first = args.get(0);
		if ("--help".equals(first) || "-h".equals(first)) {
			if (args.size() > 2) return usage(err, "--help takes at most one command name");
			return withContext(err, debug, context -> {
				final CommandService commands = context.service(CommandService.class);
				if (args.size() == 1) {
					out.print(CommandHelp.overview(commands));
					return OK;
				}
				out.print(CommandHelp.describe(command(commands, args.get(1))));
				return OK;
			});
		}
		if ("--run".equals(first)) {
			if (args.size() < 2) return usage(err, "--run needs a command name");
			if (args.size() > 3) return usage(err, "--run takes a command name and one argument string; unexpected: " +
				args.get(3) + " (quote the whole argument string: \"key='a',n=1\")");
			final String name = args.get(1);
			final String argString = args.size() == 3 ? args.get(2) : "";
			return withContext(err, debug, context -> runCommand(context, name, argString, out, err, debug));
		}
		return usage(err, "unknown option " + first);
	}

	private static int usage(final PrintStream err, final String problem) {
		err.println("error: " + problem + "; usage: marrowj --run \"<command>\" \"key='text',key2=number\" | marrowj --help [\"<command>\"]");
		return BAD_INPUT;
	}

	private interface InContext {

		int run(Context context);
	}

	private static int withContext(final PrintStream err, final boolean debug, final InContext body) {
		final Context context = new Context(SERVICES, LauncherPlugins.index());
		try {
			final LogService log = context.service(LogService.class);
			if (log instanceof LauncherLogService) ((LauncherLogService) log).configure(err, debug);
			return body.run(context);
		}
		finally {
			Reports.detach(context);
			context.dispose();
		}
	}

	private static CommandInfo command(final CommandService commands, final String name) {
		final CommandInfo info = CommandArguments.find(commands, name);
		if (info != null) return info;
		final List<String> like = CommandArguments.similar(CommandHelp.commands(commands), name);
		throw new BadInputException(name, "unknown command" + (like.isEmpty() ? "" : " (did you mean \"" + String.join("\", \"", like) +
			"\"?)") + "; marrowj --help lists the commands");
	}

	private static int runCommand(final Context context, final String name, final String argString, final PrintStream out,
		final PrintStream err, final boolean debug)
	{
		final CommandInfo info = command(context.service(CommandService.class), name);
		final Map<String, Object> values = CommandArguments.validate(context, info, argString);
		final String canonical = CommandArguments.format(values);

		final Outcome outcome = new Outcome(info.getDelegateClassName());
		context.service(EventService.class).subscribe(outcome);
		Reports.attach(context);
		final LogService log = context.service(LogService.class);
		final LauncherLogService launcherLog = log instanceof LauncherLogService ? (LauncherLogService) log : null;
		if (launcherLog != null) launcherLog.clearErrors();

		final String target = context.service(CommandService.class).getCommand(info.getDelegateClassName()) != null ? info
			.getDelegateClassName() : name;
		final String[] console = canonical.isEmpty() ? new String[] { "--run", target } : new String[] { "--run", target, canonical };
		context.service(ConsoleService.class).processArgs(console);
		context.service(StartupService.class).executeOperations();

		final String title = info.getTitle();
		if (outcome.error != null) {
			final BadInputException bad = badInput(outcome.error);
			if (bad != null) {
				err.println("error: " + CommandArguments.oneLine(bad.getMessage()));
				if (debug) outcome.error.printStackTrace(err);
				return BAD_INPUT;
			}
			err.println("internal error in \"" + title + "\": " + describe(outcome.error) + (debug ? ""
				: " (--debug shows the stack trace)"));
			if (debug) outcome.error.printStackTrace(err);
			return INTERNAL_ERROR;
		}
		if (outcome.canceled) {
			err.println("error: \"" + title + "\" cancelled: " + (outcome.cancelReason == null || outcome.cancelReason.isEmpty()
				? "no reason given" : CommandArguments.oneLine(outcome.cancelReason)));
			return BAD_INPUT;
		}
		if (launcherLog != null && !launcherLog.errors().isEmpty()) {
			final LogMessage m = launcherLog.errors().get(0);
			final Throwable t = m.throwable();
			final BadInputException bad = t == null ? null : badInput(t);
			if (bad != null) {
				err.println("error: " + CommandArguments.oneLine(bad.getMessage()));
				return BAD_INPUT;
			}
			err.println("internal error in \"" + title + "\": " + (t != null ? describe(t) : CommandArguments.oneLine(m.text())) +
				(debug ? "" : " (--debug shows the stack trace)"));
			return INTERNAL_ERROR;
		}
		if (!outcome.started || !outcome.finished) {
			err.println("internal error: \"" + title + "\" did not run");
			return INTERNAL_ERROR;
		}
		final List<String> reports = Reports.detach(context);
		if (reports.size() > 1) {
			err.println("internal error: \"" + title + "\" reported " + reports.size() + " JSON objects instead of one");
			return INTERNAL_ERROR;
		}
		for (final String json : reports)
			out.println(json);
		out.flush();
		return OK;
	}

	/** The first {@link BadInputException} in the cause chain, or null. */
	private static BadInputException badInput(final Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause())
			if (c instanceof BadInputException) return (BadInputException) c;
		return null;
	}

	/** The innermost cause as "Type: message", one line. */
	private static String describe(final Throwable t) {
		Throwable root = t;
		while (root.getCause() != null && root.getCause() != root)
			root = root.getCause();
		final String msg = root.getMessage();
		final String hint = root instanceof OutOfMemoryError ? " (give Java more memory, e.g. MARROWJ_JAVA_OPTS=-Xmx16g)" : "";
		return root.getClass().getSimpleName() + (msg == null ? "" : ": " + CommandArguments.oneLine(msg)) + hint;
	}

	/** What SciJava's module events say about the run of one command. */
	public static final class Outcome {

		private final String className;
		volatile boolean started, finished, canceled;
		volatile String cancelReason;
		volatile Throwable error;

		Outcome(final String className) {
			this.className = className;
		}

		private boolean ours(final Module module) {
			return module != null && className.equals(module.getInfo().getDelegateClassName());
		}

		@EventHandler
		public void onStarted(final ModuleStartedEvent e) {
			if (ours(e.getModule())) started = true;
		}

		@EventHandler
		public void onFinished(final ModuleFinishedEvent e) {
			if (ours(e.getModule())) finished = true;
		}

		@EventHandler
		public void onCanceled(final ModuleCanceledEvent e) {
			if (!ours(e.getModule())) return;
			canceled = true;
			cancelReason = e.getReason();
		}

		@EventHandler
		public void onErrored(final ModuleErroredEvent e) {
			if (ours(e.getModule()) && error == null) error = e.getException();
		}
	}
}
