package org.marrowj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/** One launcher run: exit code, standard output, standard error; with the assertions the launcher's contract makes. */
public final class LauncherRun {

	public final int code;
	public final String out;
	public final String err;

	public LauncherRun(final int code, final String out, final String err) {
		this.code = code;
		this.out = out;
		this.err = err;
	}

	/** {@link Main#run} in this JVM with captured streams. */
	public static LauncherRun inProcess(final String... args) {
		final ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		final PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8), pe = new PrintStream(e, true, StandardCharsets.UTF_8);
		final int code = Main.run(args, po, pe);
		return new LauncherRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
	}

	/** Asserts a failure: the exit code, nothing on standard output, one line on standard error containing every fragment. */
	public LauncherRun assertFailure(final int expectedCode, final String... fragments) {
		assertEquals(expectedCode, code, this::toString);
		assertEquals("", out, "nothing on standard output: " + this);
		final String line = err.trim();
		assertFalse(line.isEmpty(), "an error line on standard error");
		assertFalse(line.contains("\n"), "exactly one line on standard error: " + this);
		assertFalse(line.contains("\tat ") || line.contains("Exception:") && line.contains(".java:"), "no stack trace: " + this);
		for (final String f : fragments)
			assertTrue(line.contains(f), "standard error names '" + f + "': " + this);
		return this;
	}

	/** Asserts success with exactly one JSON object (and nothing else) on standard output; returns it. */
	public JsonObject assertOneJsonObject() {
		assertEquals(Main.OK, code, this::toString);
		final JsonElement e;
		try (JsonReader r = new JsonReader(new StringReader(out))) {
			e = JsonParser.parseReader(r);
			assertEquals(JsonToken.END_DOCUMENT, r.peek(), "one JSON value only on standard output: " + this);
		}
		catch (final java.io.IOException ex) {
			throw new AssertionError(ex);
		}
		assertTrue(e.isJsonObject(), "a JSON object: " + this);
		assertTrue(out.endsWith("\n") && out.indexOf('\n') == out.length() - 1, "one line: " + this);
		return e.getAsJsonObject();
	}

	@Override
	public String toString() {
		return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
	}
}
