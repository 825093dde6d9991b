package org.marrowj.macro;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.marrowj.command.CommandArguments;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.event.ModuleCanceledEvent;
import org.scijava.module.event.ModuleErroredEvent;

import ij.IJ;
import ij.Macro;
import ij.Menus;
import ij.plugin.PlugIn;

/**
 * What Fiji's legacy layer does for an ImageJ 1.x macro, for the tests (that layer, imagej-legacy,
 * is not on Maven Central): a macro's {@code run("Leaf Label", "key=value key2=[value with spaces]")}
 * reaches the MarrowJ SciJava command whose menu leaf is the label; each input takes the option
 * whose key is its parameter name ({@link Macro#getValue}, as Fiji's MacroPreprocessor reads it),
 * converted by the input's type; inputs without an option keep their defaults. The menu entries of
 * the jar's {@code plugins.config} are registered as ImageJ 1.x does for a plugin jar.
 * <p>
 * Stricter than Fiji, so that a mistake in a bundled macro fails its test: an option key that is
 * no parameter of the command, an unparsable number, a value outside min/max or the choices, and a
 * missing required input fail the run (Fiji ignores an unknown key and turns an unparsable number
 * into 0). A failed command is logged (as in Fiji) and recorded in {@link #failures()}; the macro
 * goes on, as it does in Fiji.
 */
public class FijiBridge implements PlugIn {

	private static final Pattern CONFIG = Pattern.compile("^\\s*([^,]+),\\s*\"([^\"]+)\",\\s*(.+?)\\s*$");
	private static volatile Context context;
	private static final List<String> FAILURES = Collections.synchronizedList(new ArrayList<>());
	private static final List<String> RUNS = Collections.synchronizedList(new ArrayList<>());

	/**
	 * Initialises ImageJ 1.x's command table (as {@code IJ.run} does on first use) and adds every
	 * MarrowJ command by its menu leaf, and every line of {@code plugins.config}.
	 *
	 * @return the labels registered
	 */
	@SuppressWarnings("unchecked")
	public static List<String> install(final Context c) throws Exception {
		context = c;
		if (Menus.getCommands() == null) {
			final Method init = IJ.class.getDeclaredMethod("init");
			init.setAccessible(true);
			init.invoke(null);
		}
		final Hashtable<String, String> table = Menus.getCommands();
		final List<String> labels = new ArrayList<>();
		for (final CommandInfo info : c.service(CommandService.class).getCommands()) {
			final String menu = info.getMenuPath() == null ? "" : info.getMenuPath().toString();
			if (!info.getClassName().startsWith("org.marrowj.command.")) continue;
			if (menu.isEmpty()) continue;
			table.put(info.getTitle(), FijiBridge.class.getName() + "(\"" + info.getClassName() + "\")");
			labels.add(info.getTitle());
		}
		try (InputStream in = FijiBridge.class.getResourceAsStream("/plugins.config")) {
			if (in == null) throw new IOException("plugins.config is not on the class path");
			final BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String line;
			while ((line = r.readLine()) != null) {
				if (line.trim().isEmpty() || line.trim().startsWith("#")) continue;
				final Matcher m = CONFIG.matcher(line);
				if (!m.matches()) throw new IOException("plugins.config: not an entry: " + line);
				if (table.containsKey(m.group(2))) throw new IOException("plugins.config: label '" + m.group(2) + "' is taken");
				table.put(m.group(2), m.group(3));
				labels.add(m.group(2));
			}
		}
		return labels;
	}

	/** "label: problem" of every command run that failed, in order. */
	public static List<String> failures() {
		return new ArrayList<>(FAILURES);
	}

	/** "label options" of every command run, in order. */
	public static List<String> runs() {
		return new ArrayList<>(RUNS);
	}

	@Override
	public void run(final String className) {
		final CommandService commands = context.service(CommandService.class);
		final CommandInfo info = commands.getCommand(className);
		final String label = info.getTitle();
		final String options = Macro.getOptions() == null ? "" : Macro.getOptions();
		RUNS.add(label + " " + options.trim());
		try {
			final Map<String, Object> inputs = inputs(info, options);
			final Outcome outcome = new Outcome(info.getClassName());
			context.service(EventService.class).subscribe(outcome);
			final Module module = commands.run(info, true, inputs).get();
			if (outcome.error != null) throw outcome.error;
			if (module == null || outcome.canceled) throw new IllegalStateException("cancelled: " + outcome.reason);
		}
		catch (final Throwable e) {
			Throwable root = e;
			while (root.getCause() != null && root.getCause() != root)
				root = root.getCause();
			final String problem = label + ": " + (root.getMessage() == null ? root.toString() : root.getMessage());
			FAILURES.add(problem);
			IJ.log(problem);
		}
	}

	/** The option values by input name, converted and checked. */
	static Map<String, Object> inputs(final CommandInfo info, final String options) {
		final ConvertService convert = context.service(ConvertService.class);
		final Map<String, ModuleItem<?>> items = new LinkedHashMap<>();
		for (final ModuleItem<?> item : CommandArguments.userInputs(info))
			items.put(item.getName(), item);
		for (final String key : keys(options))
			if (!items.containsKey(key)) throw new IllegalArgumentException(key + ": no such parameter of \"" + info.getTitle() +
				"\" (its parameters: " + String.join(", ", items.keySet()) + ")");
		final Map<String, Object> defaults = CommandArguments.defaults(info);
		final Map<String, Object> values = new LinkedHashMap<>();
		for (final ModuleItem<?> item : items.values()) {
			final String v = Macro.getValue(options, item.getName(), null);
			if (v == null) {
				if (item.isRequired() && defaults.get(item.getName()) == null) throw new IllegalArgumentException(item.getName() +
					": required parameter missing");
				continue;
			}
			values.put(item.getName(), CommandArguments.convert(item, v, convert));
		}
		return values;
	}

	/** The keys of an option string {@code key=value key2=[v w] key3='v' flag}. */
	static Set<String> keys(final String options) {
		final Set<String> keys = new LinkedHashSet<>();
		int i = 0;
		final int n = options.length();
		while (i < n) {
			while (i < n && options.charAt(i) == ' ')
				i++;
			if (i >= n) break;
			final int start = i;
			while (i < n && options.charAt(i) != '=' && options.charAt(i) != ' ')
				i++;
			keys.add(options.substring(start, i));
			if (i < n && options.charAt(i) == '=') {
				i++;
				if (i < n && options.charAt(i) == '[') {
					int depth = 0;
					for (; i < n; i++) {
						if (options.charAt(i) == '[') depth++;
						else if (options.charAt(i) == ']' && --depth == 0) break;
					}
					i++;
				}
				else if (i < n && options.charAt(i) == '\'') {
					i = options.indexOf('\'', i + 1);
					i = i < 0 ? n : i + 1;
				}
				else while (i < n && options.charAt(i) != ' ')
					i++;
			}
		}
		return keys;
	}

	/** Module events of one command run. */
	public static final class Outcome {

		private final String className;
		volatile Throwable error;
		volatile boolean canceled;
		volatile String reason;

		Outcome(final String className) {
			this.className = className;
		}

		@EventHandler
		public void onCanceled(final ModuleCanceledEvent e) {
			if (e.getModule() != null && className.equals(e.getModule().getInfo().getDelegateClassName())) {
				canceled = true;
				reason = e.getReason();
			}
		}

		@EventHandler
		public void onErrored(final ModuleErroredEvent e) {
			if (e.getModule() != null && className.equals(e.getModule().getInfo().getDelegateClassName()) && error == null)
				error = e.getException();
		}
	}
}
