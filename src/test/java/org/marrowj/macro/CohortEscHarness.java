package org.marrowj.macro;

import java.awt.EventQueue;
import java.awt.event.KeyEvent;
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.marrowj.command.AnalyzeCohort;
import org.marrowj.io.Json;
import org.marrowj.pipeline.Cohort;
import org.scijava.Context;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;

import ij.IJ;
import ij.ImageJ;

/**
 * Analyze Cohort run as Fiji runs a menu command, in a JVM with a display and ImageJ 1.x's main
 * window open: the status events it publishes (Fiji shows them in its status and progress bars) are
 * recorded, and when the first finished subject is reported the Esc key is pressed on ImageJ's window
 * (through its own key handler; status events arrive asynchronously, so the run may finish one more
 * subject first). Then the same command runs again (resume). Prints one line
 * {@code COHORT-GUI-RESULT {...}}: the statuses, whether each run was cancelled and why, the Log
 * window's text, the stamped subject folders after the first run and the second run's report.
 * Arguments: manifest, output folder.
 */
public final class CohortEscHarness {

	private CohortEscHarness() {}

	public static void main(final String[] args) throws Exception {
		if (java.awt.GraphicsEnvironment.isHeadless()) {
			System.out.println("COHORT-GUI-RESULT {\"error\":\"no display (run under xvfb-run)\"}");
			System.exit(2);
		}
		final File manifest = new File(args[0]), out = new File(args[1]);
		final ImageJ ij = new ImageJ();
		final Context context = new Context();
		final List<Map<String, Object>> statuses = Collections.synchronizedList(new ArrayList<>());
		final AtomicBoolean escape = new AtomicBoolean(true);
		final Object subscriber = new Object() {

			@EventHandler
			public void onStatus(final StatusEvent e) throws Exception {
				final Map<String, Object> s = new LinkedHashMap<>();
				s.put("value", e.getProgressValue());
				s.put("maximum", e.getProgressMaximum());
				s.put("message", e.getStatusMessage());
				statuses.add(s);
				if (e.getProgressValue() == 1 && escape.getAndSet(false)) {
					final Runnable esc = () -> ij.keyPressed(new KeyEvent(ij, KeyEvent.KEY_PRESSED, System.currentTimeMillis(), 0,
						KeyEvent.VK_ESCAPE, KeyEvent.CHAR_UNDEFINED));
					if (EventQueue.isDispatchThread()) esc.run();
					else EventQueue.invokeAndWait(esc);
				}
			}
		};
		context.service(EventService.class).subscribe(subscriber);
		final CommandService commands = context.service(CommandService.class);
		final Map<String, Object> r = new LinkedHashMap<>();
		final CommandModule first = commands.run(AnalyzeCohort.class, true, "manifest", manifest, "out", out, "threads", 1).get();
		r.put("first_canceled", first.isCanceled());
		r.put("first_reason", first.getCancelReason());
		// status events are delivered asynchronously: wait for the last one of the run
		await(statuses, s -> String.valueOf(first.getCancelReason()).equals(s.get("message")));
		r.put("first_statuses", new ArrayList<>(statuses));
		final TreeSet<String> stamped = new TreeSet<>();
		for (final File d : out.listFiles(File::isDirectory))
			if (new File(d, Cohort.STAMP).isFile()) stamped.add(d.getName());
		r.put("stamped_after_first", new ArrayList<>(stamped));
		r.put("combined_after_first", new File(out, "marrow_regions.csv").exists());
		statuses.clear();
		final CommandModule second = commands.run(AnalyzeCohort.class, true, "manifest", manifest, "out", out, "threads", 1).get();
		r.put("second_canceled", second.isCanceled());
		await(statuses, s -> Integer.valueOf(4).equals(s.get("value")));
		r.put("second_statuses", new ArrayList<>(statuses));
		r.put("second_json", second.getOutput("json"));
		r.put("log", IJ.getLog());
		System.out.println("COHORT-GUI-RESULT " + Json.compact(r));
		System.out.flush();
		context.dispose();
		System.exit(0);
	}

	/** Waits (10 s at most) until a status satisfies {@code last}. */
	private static void await(final List<Map<String, Object>> statuses, final Predicate<Map<String, Object>> last)
		throws InterruptedException
	{
		for (int k = 0; k < 1000; k++) {
			synchronized (statuses) {
				if (statuses.stream().anyMatch(last)) return;
			}
			Thread.sleep(10);
		}
	}
}
