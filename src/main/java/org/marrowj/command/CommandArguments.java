package org.marrowj.command;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.marrowj.BadInputException;
import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.Logger;
import org.scijava.module.MethodCallException;
import org.scijava.module.Module;
import org.scijava.module.ModuleException;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.parse.Item;
import org.scijava.parse.Items;
import org.scijava.parse.ParseService;
import org.scijava.service.Service;

/**
 * Strict reading of a {@code --run} command line against a command's declared inputs, before the
 * command is handed to SciJava's console: the command must exist, every key must be one of its
 * inputs (once), every value must be of the input's type without loss (no text or fraction turned
 * into 0, no overflow), within its min/max and among its choices, and every required input without
 * a declared default must be given. The checked values are written back in a canonical argument
 * string ({@link #format(Map)}) that SciJava's parser reads to exactly those values. Every problem is
 * a {@link BadInputException} naming the command or parameter.
 */
public final class CommandArguments {

	private CommandArguments() {}

	// -- commands --

	/** The command with this class name or this exact title (menu leaf label), as {@code --run} finds it; or null. */
	public static CommandInfo find(final CommandService commands, final String name) {
		final CommandInfo byClass = commands.getCommand(name);
		if (byClass != null) return byClass;
		for (final CommandInfo info : commands.getCommands())
			if (name.equals(info.getTitle())) return info;
		return null;
	}

	/** Titles of commands that {@code name} may have meant (case and spacing ignored). */
	public static List<String> similar(final Collection<CommandInfo> commands, final String name) {
		final String key = squash(name);
		final List<String> found = new ArrayList<>();
		for (final CommandInfo info : commands) {
			final String t = info.getTitle();
			if (t == null) continue;
			final String s = squash(t);
			if (!s.isEmpty() && (s.contains(key) && key.length() >= 4 || distance(s, key) <= 2)) found.add(t);
		}
		return found;
	}

	/** Levenshtein edit distance. */
	private static int distance(final String a, final String b) {
		int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++)
			prev[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			for (int j = 1; j <= b.length(); j++)
				cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
			final int[] t = prev;
			prev = cur;
			cur = t;
		}
		return prev[b.length()];
	}

	private static String squash(final String s) {
		return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}

	// -- inputs --

	/** True for inputs a user sets (not services, the context, loggers or message lines). */
	public static boolean isUserInput(final ModuleItem<?> item) {
		if (!item.isInput()) return false;
		final Class<?> type = item.getType();
		if (Service.class.isAssignableFrom(type) || Context.class.isAssignableFrom(type) || Logger.class.isAssignableFrom(type))
			return false;
		return item.getVisibility() != ItemVisibility.MESSAGE;
	}

	/** The user inputs of {@code info}, in declaration order. */
	public static List<ModuleItem<?>> userInputs(final CommandInfo info) {
		final List<ModuleItem<?>> list = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs())
			if (isUserInput(item)) list.add(item);
		return list;
	}

	/** Declared defaults (field initial values) of the user inputs; null where there is none. */
	public static Map<String, Object> defaults(final CommandInfo info) {
		final Map<String, Object> defaults = new LinkedHashMap<>();
		Module module = null;
		try {
			module = info.createModule();
		}
		catch (final ModuleException e) {
			throw new IllegalStateException(info.getTitle() + ": cannot create the command: " + e.getMessage(), e);
		}
		for (final ModuleItem<?> item : userInputs(info))
			defaults.put(item.getName(), item.getValue(module));
		return defaults;
	}

	// -- the argument string --

	/**
	 * Parses {@code args} as {@code --run} does (SciJava's Parsington: {@code key=value} pairs separated
	 * by commas, strings quoted) and checks it against {@code info}.
	 *
	 * @return the values by input name, converted to each input's type
	 */
	public static Map<String, Object> validate(final Context context, final CommandInfo info, final String args) {
		final ParseService parser = context.service(ParseService.class);
		final ConvertService convert = context.service(ConvertService.class);
		final String title = info.getTitle();
		final Map<String, ModuleItem<?>> inputs = new LinkedHashMap<>();
		for (final ModuleItem<?> item : userInputs(info))
			inputs.put(item.getName(), item);
		final Map<String, Object> values = new LinkedHashMap<>();
		if (args != null && !args.trim().isEmpty()) {
			final Items items;
			try {
				items = parser.parse(args);
			}
			catch (final RuntimeException e) {
				throw parseProblem(args, e);
			}
			if (items.isEmpty() || !items.isMap())
				throw new BadInputException("arguments", "expected key=value pairs separated by commas (strings quoted, e.g. path='/data/ct'), got: " + args);
			for (final Item it : items) {
				final String key = it.name();
				final ModuleItem<?> item = inputs.get(key);
				if (item == null)
					throw new BadInputException(key, "unknown parameter of \"" + title + "\" (its parameters: " +
						String.join(", ", inputs.keySet()) + ")");
				if (values.containsKey(key)) throw new BadInputException(key, "given more than once");
				values.put(key, convert(item, it.value(), convert));
			}
		}
		final Map<String, Object> defaults = defaults(info);
		for (final ModuleItem<?> item : inputs.values()) {
			final String name = item.getName();
			if (!values.containsKey(name) && item.isRequired() && defaults.get(name) == null)
				throw new BadInputException(name, "required parameter missing (" + typeName(item) + "); e.g. " + example(item));
		}
		runValidaters(context, info, values);
		return values;
	}

	/**
	 * Runs the {@code validater} of each given input on a fresh module holding all given values (as
	 * SciJava does when it assigns them); a validater's exception message becomes a
	 * {@link BadInputException} naming the parameter.
	 */
	private static void runValidaters(final Context context, final CommandInfo info, final Map<String, Object> values) {
		boolean any = false;
		for (final String name : values.keySet()) {
			final String v = info.getInput(name).getValidater();
			any |= v != null && !v.isEmpty();
		}
		if (!any) return;
		final Module module = context.service(ModuleService.class).createModule(info);
		for (final Map.Entry<String, Object> e : values.entrySet())
			module.setInput(e.getKey(), e.getValue());
		for (final String name : values.keySet()) {
			final ModuleItem<?> item = info.getInput(name);
			if (item.getValidater() == null || item.getValidater().isEmpty()) continue;
			final String problem = validaterProblem(item, module);
			if (problem != null)
				throw new BadInputException(name, problem.startsWith(name + ":") ? problem.substring(name.length() + 1).trim() : problem);
		}
	}

	/** Runs the item's validater; returns the message of what it threw (innermost cause), or null when it passed. */
	public static String validaterProblem(final ModuleItem<?> item, final Module module) {
		try {
			item.validate(module);
			return null;
		}
		catch (final MethodCallException e) {
			Throwable root = e;
			while (root.getCause() != null && root.getCause() != root)
				root = root.getCause();
			final String msg = root.getMessage();
			return msg == null || msg.isEmpty() ? "rejected by its validater (" + root.getClass().getSimpleName() + ")" : oneLine(msg);
		}
	}

	private static BadInputException parseProblem(final String args, final RuntimeException e) {
		final String msg = e.getMessage() == null ? e.toString() : e.getMessage();
		final String unknown = "Unknown variable: ";
		if (msg.startsWith(unknown)) {
			final String word = msg.substring(unknown.length()).trim();
			final java.util.regex.Matcher m = java.util.regex.Pattern
				.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*" + java.util.regex.Pattern.quote(word)).matcher(args);
			final String key = m.find() ? m.group(1) : "arguments";
			return new BadInputException(key, "value " + word + " is not a number or boolean; quote text: " + key + "='" + word + "'");
		}
		return new BadInputException("arguments", "cannot parse \"" + args + "\": " + msg +
			" (expected key=value pairs separated by commas, strings quoted)", e);
	}

	/** Converts a parsed value to the input's type, refusing anything lossy; then checks min/max/choices. */
	public static Object convert(final ModuleItem<?> item, final Object raw, final ConvertService convert) {
		final String name = item.getName();
		final Class<?> type = boxed(item.getType());
		if (raw == null) throw new BadInputException(name, "no value");
		final Object value;
		if (Number.class.isAssignableFrom(type)) value = toNumber(name, type, raw);
		else if (type == Boolean.class) {
			if (raw instanceof Boolean) value = raw;
			else if (raw instanceof String && (((String) raw).equalsIgnoreCase("true") || ((String) raw).equalsIgnoreCase("false")))
				value = Boolean.valueOf((String) raw);
			else throw new BadInputException(name, "expected true or false, got " + describe(raw));
		}
		else if (type == String.class) {
			if (!(raw instanceof String)) throw new BadInputException(name, "expected quoted text (" + name + "='...'), got " + describe(raw));
			value = raw;
		}
		else if (type == File.class) {
			if (!(raw instanceof String)) throw new BadInputException(name, "expected a quoted path (" + name + "='/path'), got " + describe(raw));
			if (((String) raw).trim().isEmpty()) throw new BadInputException(name, "empty path");
			value = new File((String) raw);
		}
		else if (type.isEnum()) {
			Object found = null;
			for (final Object c : type.getEnumConstants())
				if (String.valueOf(raw).equals(((Enum<?>) c).name()) || String.valueOf(raw).equals(c.toString())) found = c;
			if (found == null) throw new BadInputException(name, "expected one of " + choiceList(List.of(type.getEnumConstants())) + ", got " + describe(raw));
			value = found;
		}
		else {
			final Object converted = convert.convert(raw, item.getType());
			if (converted == null) throw new BadInputException(name, "cannot use " + describe(raw) + " as " + typeName(item));
			value = converted;
		}
		checkRange(item, value);
		return value;
	}

	/** Min/max and choices of {@code item}; throws {@link BadInputException} naming it. */
	public static void checkRange(final ModuleItem<?> item, final Object value) {
		final String name = item.getName();
		final List<?> choices = item.getChoices();
		if (choices != null && !choices.isEmpty()) {
			boolean ok = false;
			for (final Object c : choices)
				if (String.valueOf(c).equals(String.valueOf(value))) ok = true;
			if (!ok) throw new BadInputException(name, "'" + value + "' is not one of " + choiceList(choices));
		}
		if (value instanceof Number) {
			final BigDecimal v = decimal((Number) value);
			final Object min = item.getMinimumValue(), max = item.getMaximumValue();
			if (min instanceof Number && v.compareTo(decimal((Number) min)) < 0)
				throw new BadInputException(name, value + " is below the minimum " + min);
			if (max instanceof Number && v.compareTo(decimal((Number) max)) > 0)
				throw new BadInputException(name, value + " is above the maximum " + max);
		}
	}

	private static Object toNumber(final String name, final Class<?> type, final Object raw) {
		final BigDecimal d;
		if (raw instanceof Number) {
			if ((raw instanceof Double || raw instanceof Float) && !Double.isFinite(((Number) raw).doubleValue()))
				throw new BadInputException(name, "not a finite number: " + raw);
			d = decimal((Number) raw);
		}
		else if (raw instanceof String) {
			try {
				d = new BigDecimal(((String) raw).trim());
			}
			catch (final NumberFormatException e) {
				throw new BadInputException(name, "not a number: '" + raw + "'");
			}
		}
		else throw new BadInputException(name, "expected a number, got " + describe(raw));
		final boolean integral = type == Byte.class || type == Short.class || type == Integer.class || type == Long.class ||
			type == BigInteger.class;
		if (integral) {
			final BigInteger i;
			try {
				i = d.toBigIntegerExact();
			}
			catch (final ArithmeticException e) {
				throw new BadInputException(name, "expected a whole number, got " + d.toPlainString());
			}
			if (type == BigInteger.class) return i;
			final long lo = type == Byte.class ? Byte.MIN_VALUE : type == Short.class ? Short.MIN_VALUE : type == Integer.class
				? Integer.MIN_VALUE : Long.MIN_VALUE;
			final long hi = type == Byte.class ? Byte.MAX_VALUE : type == Short.class ? Short.MAX_VALUE : type == Integer.class
				? Integer.MAX_VALUE : Long.MAX_VALUE;
			if (i.compareTo(BigInteger.valueOf(lo)) < 0 || i.compareTo(BigInteger.valueOf(hi)) > 0)
				throw new BadInputException(name, i + " is out of range for " + type.getSimpleName().toLowerCase(Locale.ROOT));
			final long l = i.longValue();
			if (type == Byte.class) return (byte) l;
			if (type == Short.class) return (short) l;
			if (type == Integer.class) return (int) l;
			return l;
		}
		if (type == BigDecimal.class) return d;
		final double v = d.doubleValue();
		if (!Double.isFinite(v)) throw new BadInputException(name, "out of range: " + d);
		if (type == Float.class) {
			if (Math.abs(v) > Float.MAX_VALUE) throw new BadInputException(name, "out of range for float: " + d);
			return (float) v;
		}
		if (type == Double.class || type == Number.class) return v;
		throw new BadInputException(name, "unsupported number type " + type.getName());
	}

	private static BigDecimal decimal(final Number n) {
		if (n instanceof BigDecimal) return (BigDecimal) n;
		if (n instanceof BigInteger) return new BigDecimal((BigInteger) n);
		if (n instanceof Double || n instanceof Float) return new BigDecimal(n.toString());
		return BigDecimal.valueOf(n.longValue());
	}

	private static Class<?> boxed(final Class<?> c) {
		if (!c.isPrimitive()) return c;
		if (c == int.class) return Integer.class;
		if (c == long.class) return Long.class;
		if (c == double.class) return Double.class;
		if (c == float.class) return Float.class;
		if (c == boolean.class) return Boolean.class;
		if (c == short.class) return Short.class;
		if (c == byte.class) return Byte.class;
		if (c == char.class) return Character.class;
		return c;
	}

	private static String describe(final Object raw) {
		if (raw instanceof String) return "'" + raw + "'";
		return String.valueOf(raw);
	}

	private static String choiceList(final List<?> choices) {
		return choices.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "));
	}

	// -- writing the canonical argument string --

	/**
	 * The argument string SciJava's parser reads back to exactly {@code values}: numbers as plain
	 * decimal literals, booleans as true/false, text and paths quoted.
	 */
	public static String format(final Map<String, Object> values) {
		final StringBuilder sb = new StringBuilder();
		for (final Map.Entry<String, Object> e : values.entrySet()) {
			if (sb.length() > 0) sb.append(',');
			sb.append(e.getKey()).append('=').append(literal(e.getValue()));
		}
		return sb.toString();
	}

	private static String literal(final Object v) {
		if (v instanceof Number) return decimal((Number) v).toPlainString();
		if (v instanceof Boolean) return v.toString();
		final String s = v instanceof File ? ((File) v).getPath() : v instanceof Enum ? ((Enum<?>) v).name() : String.valueOf(v);
		if (s.indexOf('\'') < 0) return "'" + s + "'";
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	// -- descriptions --

	/** A short type name for help and messages: text, path, integer, number, true/false, choice, ... */
	public static String typeName(final ModuleItem<?> item) {
		final Class<?> t = boxed(item.getType());
		if (item.getChoices() != null && !item.getChoices().isEmpty()) return "choice";
		if (t == String.class) return "text";
		if (t == File.class) return "path";
		if (t == Boolean.class) return "true/false";
		if (t == Byte.class || t == Short.class || t == Integer.class || t == Long.class || t == BigInteger.class) return "integer";
		if (Number.class.isAssignableFrom(t)) return "number";
		if (t.isEnum()) return "choice";
		return t.getSimpleName();
	}

	/** {@code key=value} as a user would type it for this input. */
	public static String example(final ModuleItem<?> item) {
		final String t = typeName(item);
		final String n = item.getName();
		if (t.equals("path")) return n + ("directory".equals(item.getWidgetStyle()) ? "='/path/to/folder'" : "='/path/to/file'");
		if (t.equals("text")) return n + "='text'";
		if (t.equals("choice")) return n + "='" + item.getChoices().get(0) + "'";
		if (t.equals("true/false")) return n + "=true";
		return n + "=1";
	}

	/** Flattens a message to one line. */
	public static String oneLine(final String s) {
		if (s == null) return "";
		return s.trim().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
	}
}
