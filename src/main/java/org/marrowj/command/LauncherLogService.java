package org.marrowj.command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.scijava.log.AbstractLogService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogMessage;

/**
 * The headless launcher's log: everything on standard error, never on standard output. Without
 * {@code --debug}, warnings are printed as one line each and errors are only collected (the
 * launcher turns them into its single error line); with {@code --debug}, every message from info
 * level up is printed with its stack trace. Registered only in the launcher's own plugin index
 * ({@link LauncherPlugins}), so Fiji never sees it.
 */
public class LauncherLogService extends AbstractLogService {

	private volatile PrintStream err = System.err;
	private volatile boolean debug;
	private final List<LogMessage> errors = new ArrayList<>();

	public LauncherLogService() {
		setLevel(LogLevel.WARN);
	}

	/** Prints to {@code stream}; {@code debugOn} prints info messages too, and stack traces. */
	public void configure(final PrintStream stream, final boolean debugOn) {
		err = stream;
		debug = debugOn;
		setLevel(debugOn ? LogLevel.INFO : LogLevel.WARN);
	}

	/** Errors logged since the last {@link #clearErrors()}. */
	public synchronized List<LogMessage> errors() {
		return new ArrayList<>(errors);
	}

	public synchronized void clearErrors() {
		errors.clear();
	}

	@Override
	protected void messageLogged(final LogMessage message) {
		if (message.level() <= LogLevel.ERROR) {
			synchronized (this) {
				errors.add(message);
			}
			if (!debug) return;
		}
		final PrintStream out = err;
		if (debug) {
			out.println("[" + LogLevel.prefix(message.level()) + "] " + message.text());
			if (message.throwable() != null) message.throwable().printStackTrace(out);
		}
		else {
			out.println("warning: " + CommandArguments.oneLine(message.text()));
		}
		out.flush();
	}
}
