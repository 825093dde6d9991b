package org.marrowj.image;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.marrowj.BadInputException;

/**
 * Label id to region name. Id 0 is background and never listed. Parsed from {@code id=name} pairs
 * ("32=T12, 33=T11") or built from a named scheme.
 */
public final class LabelTable {

	private final TreeMap<Integer, String> names;

	public LabelTable(final Map<Integer, String> names) {
		this.names = new TreeMap<>(names);
		this.names.remove(0);
	}

	public static LabelTable empty() {
		return new LabelTable(Collections.emptyMap());
	}

	/**
	 * Parses "id=name" pairs separated by commas, semicolons or new lines.
	 *
	 * @param parameter the parameter name used in error messages
	 */
	public static LabelTable parse(final String pairs, final String parameter) {
		final TreeMap<Integer, String> m = new TreeMap<>();
		if (pairs == null || pairs.trim().isEmpty()) return new LabelTable(m);
		for (final String raw : pairs.split("[,;\\n]")) {
			final String item = raw.trim();
			if (item.isEmpty()) continue;
			final int eq = item.indexOf('=');
			if (eq <= 0 || eq == item.length() - 1)
				throw new BadInputException(parameter, "expected id=name pairs such as '32=T12,33=T11', got '" + item + "'");
			final int id;
			try {
				id = Integer.parseInt(item.substring(0, eq).trim());
			}
			catch (final NumberFormatException e) {
				throw new BadInputException(parameter, "label id '" + item.substring(0, eq).trim() + "' is not an integer");
			}
			if (id <= 0) throw new BadInputException(parameter, "label id " + id + " must be positive (0 is background)");
			m.put(id, item.substring(eq + 1).trim());
		}
		return new LabelTable(m);
	}

	/** Unmodifiable sorted id -> name. */
	public Map<Integer, String> asMap() {
		return Collections.unmodifiableMap(names);
	}

	/** Region name of an id, or "label_<id>" when the table does not name it. */
	public String name(final int id) {
		final String n = names.get(id);
		return n == null ? "label_" + id : n;
	}

	public boolean contains(final int id) {
		return names.containsKey(id);
	}

	/** The id named {@code name} (case-insensitive), or -1. */
	public int idOf(final String name) {
		for (final Map.Entry<Integer, String> e : names.entrySet())
			if (e.getValue().equalsIgnoreCase(name)) return e.getKey();
		return -1;
	}

	public int size() {
		return names.size();
	}

	@Override
	public String toString() {
		return names.toString();
	}
}
