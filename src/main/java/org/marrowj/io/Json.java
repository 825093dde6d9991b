package org.marrowj.io;

import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import org.marrowj.BadInputException;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

/**
 * JSON text for reports and side files: maps, lists, strings, numbers and booleans (use
 * {@link java.util.LinkedHashMap} to keep key order). Non-finite numbers (NaN, infinity) are refused
 * with an {@link IllegalArgumentException}: a report never carries a silent NaN. No HTML escaping, so
 * paths and units stay readable ({@code '}, {@code <}, {@code =} appear as themselves).
 */
public final class Json {

	private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();
	private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

	private Json() {}

	/** One line of JSON, no trailing newline. */
	public static String compact(final Object value) {
		return COMPACT.toJson(value);
	}

	/** Indented JSON for people, no trailing newline. */
	public static String pretty(final Object value) {
		return PRETTY.toJson(value);
	}

	/** Writes {@link #pretty(Object)} and a newline to {@code file} (UTF-8), replacing it. */
	public static void write(final File file, final Object value) {
		final String text = pretty(value) + "\n";
		try (Writer w = new OutputStreamWriter(Files.newOutputStream(file.toPath()), StandardCharsets.UTF_8)) {
			w.write(text);
		}
		catch (final IOException e) {
			throw new BadInputException(file, "cannot write JSON: " + e.getMessage(), e);
		}
	}

	/**
	 * Parses a JSON object into a map (numbers become {@link Double}); throws
	 * {@link BadInputException} naming {@code source} when the text is not one JSON object.
	 */
	public static Map<String, Object> parseObject(final String text, final String source) {
		try {
			final Map<String, Object> map = COMPACT.fromJson(text, new TypeToken<Map<String, Object>>() {}.getType());
			if (map == null) throw new BadInputException(source, "no JSON object");
			return map;
		}
		catch (final JsonParseException e) {
			throw new BadInputException(source, "not a JSON object: " + e.getMessage(), e);
		}
	}
}
