package org.marrowj.command;

import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.scijava.MenuEntry;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

/** The launcher's {@code --help}: MarrowJ's commands and their parameters, read from the commands themselves. */
public final class CommandHelp {

	/** Commands under this menu are MarrowJ's. */
	public static final String MENU_ROOT = "Plugins>MarrowJ>";

	/** Unit by parameter-name suffix (after the last underscore). */
	private static final Map<String, String> SUFFIX_UNITS = new LinkedHashMap<>();
	static {
		SUFFIX_UNITS.put("mm", "mm");
		SUFFIX_UNITS.put("cm", "cm");
		SUFFIX_UNITS.put("hu", "HU");
		SUFFIX_UNITS.put("kg", "kg");
		SUFFIX_UNITS.put("g", "g");
		SUFFIX_UNITS.put("mbq", "MBq");
		SUFFIX_UNITS.put("bq", "Bq");
		SUFFIX_UNITS.put("ml", "mL");
		SUFFIX_UNITS.put("min", "min");
		SUFFIX_UNITS.put("s", "s");
		SUFFIX_UNITS.put("mm3", "mm^3");
		SUFFIX_UNITS.put("cm3", "cm^3");
		SUFFIX_UNITS.put("pct", "%");
		SUFFIX_UNITS.put("mgcm3", "mg/cm^3");
		SUFFIX_UNITS.put("mmoll", "mmol/L");
	}

	/** A unit at the end of a label: "Margin (mm)", "Dose [MBq]". */
	private static final Pattern LABEL_UNIT = Pattern.compile("[\\(\\[]([^\\s\\)\\]]{1,12})[\\)\\]]\\s*$");

	private CommandHelp() {}

	/** MarrowJ's commands (menu path under {@link #MENU_ROOT}), sorted by menu path. */
	public static List<CommandInfo> commands(final CommandService commands) {
		final List<CommandInfo> list = new ArrayList<>();
		for (final CommandInfo info : commands.getCommands())
			if (menu(info).startsWith(MENU_ROOT)) list.add(info);
		list.sort(Comparator.comparing(CommandHelp::menu));
		return list;
	}

	/** The menu path as "Plugins>MarrowJ>Data>Image Info". */
	public static String menu(final CommandInfo info) {
		if (info.getMenuPath() == null) return "";
		final List<String> names = new ArrayList<>();
		for (final MenuEntry e : info.getMenuPath())
			names.add(e.getName());
		return String.join(">", names);
	}

	/** The unit of a parameter: from its name's suffix ({@code margin_mm}), else a short trailing "(unit)" or "[unit]" in its label. */
	public static String unit(final ModuleItem<?> item) {
		final String name = item.getName();
		final int u = name.lastIndexOf('_');
		if (u >= 0) {
			final String unit = SUFFIX_UNITS.get(name.substring(u + 1).toLowerCase(Locale.ROOT));
			if (unit != null) return unit;
		}
		final String label = item.getLabel();
		if (label == null) return "";
		final Matcher m = LABEL_UNIT.matcher(label);
		return m.find() ? m.group(1).trim() : "";
	}

	/** Usage and every command with its parameters. */
	public static String overview(final CommandService commands) {
		final StringBuilder sb = new StringBuilder();
		sb.append("MarrowJ headless launcher\n\n");
		sb.append("usage: marrowj --run \"<command>\" \"key='text',key2=number,...\"\n");
		sb.append("       marrowj --help [\"<command>\"]\n");
		sb.append("options: --debug (stack traces and debug logs; also MARROWJ_DEBUG=1)\n\n");
		sb.append("Arguments use SciJava's --run syntax, as Fiji's --headless --run: key=value pairs separated\n");
		sb.append("by commas; text and paths quoted ('...' is verbatim, good for Windows paths); numbers and\n");
		sb.append("true/false bare. Parameters left out keep their defaults (never values saved by Fiji).\n");
		sb.append("Reports: one JSON object on standard output; logs and errors on standard error.\n");
		sb.append("Exit codes: 0 success, 1 internal error, 2 bad input or usage.\n\n");
		sb.append("Commands:\n");
		for (final CommandInfo info : commands(commands))
			sb.append('\n').append(describe(info));
		return sb.toString();
	}

	/** One command: title, menu, description, parameters (name, type, unit, default, limits, description), outputs. */
	public static String describe(final CommandInfo info) {
		final StringBuilder sb = new StringBuilder();
		sb.append(info.getTitle()).append("    (").append(menu(info)).append(")\n");
		if (info.getDescription() != null && !info.getDescription().isEmpty())
			sb.append("  ").append(CommandArguments.oneLine(info.getDescription())).append('\n');
		final List<ModuleItem<?>> inputs = CommandArguments.userInputs(info);
		final Map<String, Object> defaults = CommandArguments.defaults(info);
		if (inputs.isEmpty()) sb.append("  (no parameters)\n");
		for (final ModuleItem<?> item : inputs) {
			sb.append("  ").append(item.getName()).append("  ").append(CommandArguments.typeName(item));
			final String unit = unit(item);
			if (!unit.isEmpty()) sb.append(" [").append(unit).append(']');
			final Object def = defaults.get(item.getName());
			if (def == null || def instanceof String && ((String) def).isEmpty())
				sb.append(item.isRequired() && def == null ? "  required" : "  optional");
			else sb.append("  default ").append(def instanceof File ? ((File) def).getPath() : def);
			if (item.getMinimumValue() != null) sb.append("  min ").append(item.getMinimumValue());
			if (item.getMaximumValue() != null) sb.append("  max ").append(item.getMaximumValue());
			if (item.getChoices() != null && !item.getChoices().isEmpty()) {
				sb.append("  one of ");
				final List<String> c = new ArrayList<>();
				for (final Object o : item.getChoices())
					c.add(String.valueOf(o));
				sb.append(String.join(" | ", c));
			}
			final String text = item.getDescription() != null && !item.getDescription().isEmpty() ? item.getDescription()
				: item.getLabel();
			if (text != null && !text.isEmpty() && !text.equals(item.getName()))
				sb.append("\n      ").append(CommandArguments.oneLine(text));
			sb.append('\n');
		}
		final List<String> outs = new ArrayList<>();
		for (final ModuleItem<?> item : info.outputs())
			if (!item.isInput()) outs.add(item.getName() + " (" + CommandArguments.typeName(item) + ")");
		if (!outs.isEmpty()) sb.append("  outputs: ").append(String.join(", ", outs)).append('\n');
		sb.append("  e.g. marrowj --run \"").append(info.getTitle()).append("\" \"");
		final List<String> ex = new ArrayList<>();
		for (final ModuleItem<?> item : inputs)
			if (item.isRequired() && defaults.get(item.getName()) == null) ex.add(CommandArguments.example(item));
		sb.append(String.join(",", ex)).append("\"\n");
		return sb.toString();
	}
}
