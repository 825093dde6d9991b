package org.marrowj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.command.LauncherTestCommands;

import com.google.gson.JsonObject;

/**
 * The launcher through its in-process entry point {@link Main#run}: a real SciJava context, the real
 * console {@code --run}, captured standard output and error.
 */
class MainTest {

	private static final String TYPED = "Launcher Test Typed";

	@Test
	void successPrintsOneJsonObjectWithTheExactValues() {
		final LauncherRun r = LauncherRun.inProcess("--run", TYPED,
			"path='/tmp/a b/it.nii',count=7,seed=12345678901234,margin_mm=0.1,flag=true,kind='spine',note=\"it's \\\"quoted\\\"\",odd=3");
		final JsonObject o = r.assertOneJsonObject();
		assertEquals("/tmp/a b/it.nii", o.get("path").getAsString());
		assertEquals(7, o.get("count").getAsInt());
		assertEquals("12345678901234", o.get("seed").getAsString());
		assertEquals(0.1, o.get("margin_mm").getAsDouble(), 0);
		assertTrue(o.get("flag").getAsBoolean());
		assertEquals("spine", o.get("kind").getAsString());
		assertEquals("it's \"quoted\"", o.get("note").getAsString());
		assertEquals(3, o.get("odd").getAsInt());
		// what the command printed on System.out and logged went to standard error
		assertTrue(r.err.contains("noise that must not reach standard output"), r.toString());
		assertTrue(r.err.contains("warning: a warning for standard error"), r.toString());
		assertFalse(r.err.contains("an info message"), "info hidden without --debug: " + r);
	}

	@Test
	void omittedInputsKeepTheirDeclaredDefaults() {
		final JsonObject o = LauncherRun.inProcess("--run", TYPED, "path='/x'").assertOneJsonObject();
		assertEquals(5, o.get("count").getAsInt());
		assertEquals("1", o.get("seed").getAsString());
		assertEquals(2.5, o.get("margin_mm").getAsDouble(), 0);
		assertFalse(o.get("flag").getAsBoolean());
		assertEquals("femur", o.get("kind").getAsString());
		assertEquals("", o.get("note").getAsString());
	}

	@Test
	void numbersGivenAsTextOrExponentsAreReadExactly() {
		final JsonObject o = LauncherRun.inProcess("--run", TYPED, "path='/x',seed='1e3',count=2.0e1,margin_mm='0.25'")
			.assertOneJsonObject();
		assertEquals("1000", o.get("seed").getAsString());
		assertEquals(20, o.get("count").getAsInt());
		assertEquals(0.25, o.get("margin_mm").getAsDouble(), 0);
	}

	@Test
	void commandFoundByClassName() {
		LauncherRun.inProcess("--run", LauncherTestCommands.Typed.class.getName(), "path='/x'").assertOneJsonObject();
	}

	@Test
	void unknownCommand() {
		LauncherRun.inProcess("--run", "Image Infoo", "path='/x'").assertFailure(Main.BAD_INPUT, "Image Infoo",
			"unknown command", "did you mean \"Image Info\"");
	}

	@Test
	void unknownKey() {
		LauncherRun.inProcess("--run", TYPED, "path='/x',colour='red'").assertFailure(Main.BAD_INPUT, "colour",
			"unknown parameter");
	}

	@Test
	void keyGivenTwice() {
		LauncherRun.inProcess("--run", TYPED, "path='/x',seed=2,seed=3").assertFailure(Main.BAD_INPUT, "seed", "more than once");
	}

	@Test
	void unquotedTextIsRefused() {
		LauncherRun.inProcess("--run", TYPED, "path='/x',seed=abc").assertFailure(Main.BAD_INPUT, "seed", "abc");
	}

	@Test
	void textThatIsNotANumberIsRefusedNotTurnedIntoZero() {
		LauncherRun.inProcess("--run", TYPED, "path='/x',seed='abc'").assertFailure(Main.BAD_INPUT, "seed", "not a number");
	}

	@Test
	void fractionForAnIntegerIsRefused() {
		LauncherRun.inProcess("--run", TYPED, "path='/x',seed=1.5").assertFailure(Main.BAD_INPUT, "seed", "whole number");
	}

	@Test
	void integerOverflowIsRefused() {
		LauncherRun.inProcess("--run", TYPED, "path='/x',count=3000000000").assertFailure(Main.BAD_INPUT, "count", "out of range");
		LauncherRun.inProcess("--run", TYPED, "path='/x',seed=99999999999999999999").assertFailure(Main.BAD_INPUT, "seed",
			"out of range");
	}

	@Test
	void belowMinimumAndAboveMaximum() {
		LauncherRun.inProcess("--run", TYPED, "path='/x',count=0").assertFailure(Main.BAD_INPUT, "count", "minimum 1");
		LauncherRun.inProcess("--run", TYPED, "path='/x',count=101").assertFailure(Main.BAD_INPUT, "count", "maximum 100");
		LauncherRun.inProcess("--run", TYPED, "path='/x',margin_mm=-0.5").assertFailure(Main.BAD_INPUT, "margin_mm", "minimum");
	}

	@Test
	void invalidChoice() {
		LauncherRun.inProcess("--run", TYPED, "path='/x',kind='cube'").assertFailure(Main.BAD_INPUT, "kind", "cube", "'femur'",
			"'spine'");
	}

	@Test
	void wrongTypes() {
		LauncherRun.inProcess("--run", TYPED, "path=3").assertFailure(Main.BAD_INPUT, "path", "quoted path");
		LauncherRun.inProcess("--run", TYPED, "path='/x',flag=1").assertFailure(Main.BAD_INPUT, "flag", "true or false");
		LauncherRun.inProcess("--run", TYPED, "path='/x',note=5").assertFailure(Main.BAD_INPUT, "note", "quoted text");
	}

	@Test
	void validaterMessageNamesTheParameter() {
		LauncherRun.inProcess("--run", TYPED, "path='/x',odd=4").assertFailure(Main.BAD_INPUT, "odd", "must be odd, got 4");
	}

	@Test
	void missingRequiredInput() {
		LauncherRun.inProcess("--run", TYPED, "seed=3").assertFailure(Main.BAD_INPUT, "path", "required parameter missing");
		LauncherRun.inProcess("--run", TYPED).assertFailure(Main.BAD_INPUT, "path", "required parameter missing");
	}

	@Test
	void unparsableArgumentString() {
		LauncherRun.inProcess("--run", TYPED, "path='/x' seed=3").assertFailure(Main.BAD_INPUT, "cannot parse");
		LauncherRun.inProcess("--run", TYPED, "'/x'").assertFailure(Main.BAD_INPUT, "key=value");
	}

	@Test
	void cancelledCommandGivesItsReason() {
		LauncherRun.inProcess("--run", "Launcher Test Cancel").assertFailure(Main.BAD_INPUT, "Launcher Test Cancel", "cancelled",
			"the image is not a femur");
	}

	@Test
	void badInputExceptionNamesTheFile(@TempDir final Path dir) {
		final File missing = dir.resolve("no-such-series").toFile();
		LauncherRun.inProcess("--run", "Image Info", "path='" + missing.getPath() + "'").assertFailure(Main.BAD_INPUT,
			missing.getPath(), "no such file");
	}

	@Test
	void internalExceptionIsExitOneWithoutStackTrace() {
		LauncherRun.inProcess("--run", "Launcher Test Throw").assertFailure(Main.INTERNAL_ERROR, "internal error",
			"IllegalStateException", "boom in the algorithm", "--debug");
	}

	@Test
	void failedRunPrintsNoReport() {
		LauncherRun.inProcess("--run", "Launcher Test Report Then Fail").assertFailure(Main.BAD_INPUT, "threshold_hu",
			"no voxel above the threshold");
	}

	@Test
	void twoReportsAreAnInternalError() {
		LauncherRun.inProcess("--run", "Launcher Test Two Reports").assertFailure(Main.INTERNAL_ERROR, "2 JSON objects");
	}

	@Test
	void debugShowsTheStackTrace() {
		final LauncherRun r = LauncherRun.inProcess("--debug", "--run", "Launcher Test Throw");
		assertEquals(Main.INTERNAL_ERROR, r.code, r::toString);
		assertEquals("", r.out);
		assertTrue(r.err.contains("\tat org.marrowj.command.LauncherTestCommands$Throwing.run"), r.toString());
	}

	@Test
	void usageErrors() {
		LauncherRun.inProcess().assertFailure(Main.BAD_INPUT, "usage");
		LauncherRun.inProcess("--frobnicate").assertFailure(Main.BAD_INPUT, "--frobnicate", "usage");
		LauncherRun.inProcess("--run").assertFailure(Main.BAD_INPUT, "command name");
		LauncherRun.inProcess("--run", TYPED, "path='/x'", "seed=2").assertFailure(Main.BAD_INPUT, "seed=2", "one argument string");
	}

	@Test
	void helpListsMarrowJCommandsWithTheirParameters() {
		final LauncherRun r = LauncherRun.inProcess("--help");
		assertEquals(Main.OK, r.code, r::toString);
		assertTrue(r.out.contains("Image Info    (Plugins>MarrowJ>Data>Image Info)"), r.out);
		assertTrue(r.out.contains("Generate Test Phantom    (Plugins>MarrowJ>Data>Generate Test Phantom)"), r.out);
		assertTrue(r.out.contains("  path  path  required"), r.out);
		assertTrue(r.out.contains("  seed  integer  default 1"), r.out);
		assertTrue(r.out.contains("  kind  choice  default femur  one of femur | spine | petct | hip"), r.out);
		assertFalse(r.out.contains("Launcher Test"), "commands outside the MarrowJ menu are not listed");
		assertEquals("", r.err, "no start-up noise on standard error");
	}

	@Test
	void helpForOneCommand() {
		final LauncherRun r = LauncherRun.inProcess("--help", "Image Info");
		assertEquals(Main.OK, r.code, r::toString);
		assertTrue(r.out.startsWith("Image Info    (Plugins>MarrowJ>Data>Image Info)"), r.out);
		assertFalse(r.out.contains("Generate Test Phantom"), r.out);
		assertTrue(r.out.contains("e.g. marrowj --run \"Image Info\" \"path='/path/to/file'\""), r.out);
		LauncherRun.inProcess("--help", "Nope").assertFailure(Main.BAD_INPUT, "Nope", "unknown command");
	}
}
