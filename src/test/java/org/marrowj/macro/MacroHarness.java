package org.marrowj.macro;

import java.awt.AWTEvent;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Label;
import java.awt.TextComponent;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.WindowEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.swing.JLabel;
import javax.swing.SwingUtilities;
import javax.swing.text.JTextComponent;

import org.marrowj.io.Json;
import org.scijava.Context;

import ij.macro.Interpreter;

/**
 * Runs one ImageJ 1.x macro file with the real macro interpreter, MarrowJ's commands reachable
 * through {@link FijiBridge}, in a JVM with a display (Xvfb in the tests). Any dialog that opens is
 * recorded with its text and closed, so a macro error or a prompt never blocks. Prints one JSON line
 * {@code MACRO-RESULT {"completed":..., "error":..., "failures":[...], "dialogs":[...], "runs":[...]}}
 * and exits 0 when the macro ran to its end.
 */
public final class MacroHarness {

	private static final List<String> DIALOGS = Collections.synchronizedList(new ArrayList<>());

	private MacroHarness() {}

	public static void main(final String[] args) throws Exception {
		if (java.awt.GraphicsEnvironment.isHeadless()) {
			System.out.println("MACRO-RESULT {\"completed\":false,\"error\":\"no display: the macro interpreter needs one (run under xvfb-run)\"}");
			System.exit(2);
		}
		Toolkit.getDefaultToolkit().addAWTEventListener(e -> {
			if (e.getID() != WindowEvent.WINDOW_OPENED || !(e.getSource() instanceof Dialog)) return;
			final Window w = (Window) e.getSource();
			final StringBuilder text = new StringBuilder(((Dialog) w).getTitle()).append(":");
			collect(w, text);
			DIALOGS.add(text.toString().trim());
			SwingUtilities.invokeLater(w::dispose);
		}, AWTEvent.WINDOW_EVENT_MASK);
		final String macro = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
		final Context context = new Context();
		boolean completed = false;
		String error = null;
		try {
			FijiBridge.install(context);
			final Interpreter interp = new Interpreter();
			interp.run(macro, args.length > 1 ? args[1] : null);
			completed = !interp.wasError();
			if (!completed) error = interp.getErrorMessage();
		}
		catch (final Throwable t) {
			error = t.toString();
		}
		final Map<String, Object> r = new LinkedHashMap<>();
		r.put("completed", completed && error == null);
		r.put("error", error);
		r.put("failures", FijiBridge.failures());
		r.put("dialogs", new ArrayList<>(DIALOGS));
		r.put("runs", FijiBridge.runs());
		System.out.println("MACRO-RESULT " + Json.compact(r));
		System.out.flush();
		context.dispose();
		System.exit(completed && error == null ? 0 : 1);
	}

	private static void collect(final Container c, final StringBuilder text) {
		for (final Component k : c.getComponents()) {
			if (k instanceof Label) text.append(' ').append(((Label) k).getText());
			else if (k instanceof TextComponent) text.append(' ').append(((TextComponent) k).getText());
			else if (k instanceof JLabel) text.append(' ').append(((JLabel) k).getText());
			else if (k instanceof JTextComponent) text.append(' ').append(((JTextComponent) k).getText());
			else if (k instanceof ij.gui.MultiLineLabel) try {
				final java.lang.reflect.Field f = ij.gui.MultiLineLabel.class.getDeclaredField("lines");
				f.setAccessible(true);
				text.append(' ').append(String.join(" | ", (String[]) f.get(k)));
			}
			catch (final ReflectiveOperationException ex) {
				text.append(" (unreadable label)");
			}
			if (k instanceof Container) collect((Container) k, text);
		}
	}
}
