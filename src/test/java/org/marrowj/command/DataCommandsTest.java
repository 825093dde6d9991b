package org.marrowj.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.LauncherRun;
import org.marrowj.Main;
import org.marrowj.SharedData;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import net.imglib2.type.numeric.real.FloatType;

/** Image Info and Generate Test Phantom through the launcher's real {@code --run} path. */
class DataCommandsTest {

	private static double[] array(final JsonArray a) {
		final double[] d = new double[a.size()];
		for (int i = 0; i < d.length; i++)
			d[i] = a.get(i).getAsDouble();
		return d;
	}

	@Test
	void phantomThenImageInfoOnIt(@TempDir final Path dir) {
		final File out = dir.resolve("phantoms").toFile();
		final JsonObject written = LauncherRun.inProcess("--run", "Generate Test Phantom", "kind='femur',out='" + out.getPath() +
			"',size='40x36x6',seed=7").assertOneJsonObject();
		assertArrayEquals(new double[] { 40, 36, 6 }, array(written.getAsJsonArray("dimensions")));
		assertEquals(7, written.get("seed").getAsLong());
		final List<String> files = new ArrayList<>();
		written.getAsJsonArray("files").forEach(f -> files.add(f.getAsString()));
		final String image = new File(out, "femur.nii.gz").getPath();
		assertTrue(files.contains(image), files.toString());
		assertTrue(files.contains(new File(out, "femur_truth.json").getPath()), files.toString());
		for (final String f : files)
			assertTrue(new File(f).isFile(), f);

		final JsonObject info = LauncherRun.inProcess("--run", "Image Info", "path='" + image + "'").assertOneJsonObject();
		assertArrayEquals(new double[] { 40, 36, 6 }, array(info.getAsJsonArray("dimensions")));
		assertEquals("HU", info.get("value_unit").getAsString());
		assertFalse(info.has("pet"));
		// the same generator call gives the same voxels: the range is known exactly
		final Phantom p = Phantoms.generate("femur", new int[] { 40, 36, 6 }, 7);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (final FloatType t : p.image().image()) {
			lo = Math.min(lo, t.get());
			hi = Math.max(hi, t.get());
		}
		assertEquals(lo, info.get("min").getAsDouble(), 0);
		assertEquals(hi, info.get("max").getAsDouble(), 0);
		assertArrayEquals(p.image().geometry().spacing(), array(info.getAsJsonArray("spacing_mm")), 1e-6);
		assertArrayEquals(p.image().geometry().origin(), array(info.getAsJsonArray("origin_mm")), 1e-4);
		final JsonArray d = info.getAsJsonArray("direction");
		for (int r = 0; r < 3; r++)
			assertArrayEquals(new double[] { p.image().geometry().direction(r, 0), p.image().geometry().direction(r, 1), p.image()
				.geometry().direction(r, 2) }, array(d.get(r).getAsJsonArray()), 1e-6);
	}

	@ParameterizedTest
	@ValueSource(strings = { "femur", "spine", "petct", "hip" })
	void everyKindListsExactlyTheFilesWritten(final String kind, @TempDir final Path dir) throws IOException {
		final JsonObject o = LauncherRun.inProcess("--run", "Generate Test Phantom", "kind='" + kind + "',out='" + dir +
			"',size='24x20x6'").assertOneJsonObject();
		final Set<String> listed = new TreeSet<>();
		o.getAsJsonArray("files").forEach(f -> listed.add(f.getAsString()));
		final Set<String> present = new TreeSet<>();
		try (Stream<Path> s = Files.list(dir)) {
			s.forEach(f -> present.add(f.toString()));
		}
		assertEquals(present, listed);
		assertTrue(listed.contains(dir.resolve(kind + ".nii.gz").toString()), listed.toString());
		assertEquals(kind.equals("spine"), listed.contains(dir.resolve(kind + "_labels.json").toString()), listed.toString());
		assertEquals(kind.equals("petct"), listed.contains(dir.resolve(kind + "_pet.nii.gz").toString()), listed.toString());
	}

	@Test
	void phantomBadInputs(@TempDir final Path dir) throws IOException {
		final String out = dir.resolve("o").toString();
		LauncherRun.inProcess("--run", "Generate Test Phantom", "kind='cube',out='" + out + "'").assertFailure(Main.BAD_INPUT,
			"kind", "cube");
		LauncherRun.inProcess("--run", "Generate Test Phantom", "out='" + out + "',seed='abc'").assertFailure(Main.BAD_INPUT, "seed",
			"not a number");
		LauncherRun.inProcess("--run", "Generate Test Phantom", "out='" + out + "',seed=abc").assertFailure(Main.BAD_INPUT, "seed",
			"abc");
		LauncherRun.inProcess("--run", "Generate Test Phantom", "out='" + out + "',size='40x36'").assertFailure(Main.BAD_INPUT, "size",
			"40x36");
		LauncherRun.inProcess("--run", "Generate Test Phantom", "kind='femur'").assertFailure(Main.BAD_INPUT, "out", "required");
		final File file = Files.writeString(dir.resolve("a-file"), "x").toFile();
		LauncherRun.inProcess("--run", "Generate Test Phantom", "out='" + file.getPath() + "',size='8x8x2'").assertFailure(
			Main.BAD_INPUT, file.getPath());
	}

	@Test
	void sizeText() {
		assertArrayEquals(new int[] { 256, 256, 60 }, GenerateTestPhantom.parseSize("256x256x60"));
		assertArrayEquals(new int[] { 2, 3, 4 }, GenerateTestPhantom.parseSize(" 2 X 3 x 4 "));
		assertEquals(null, GenerateTestPhantom.parseSize(""));
	}

	@Test
	void imageInfoOnRealPet() {
		final File pet = SharedData.require("pet-dicom-wholebody-fdg/dicom");
		final JsonObject o = LauncherRun.inProcess("--run", "Image Info", "path='" + pet.getPath() + "'").assertOneJsonObject();
		assertArrayEquals(new double[] { 128, 128, 299 }, array(o.getAsJsonArray("dimensions")));
		assertEquals("PT", o.get("modality").getAsString());
		final JsonObject h = o.getAsJsonObject("pet");
		assertEquals("BQML", h.get("units").getAsString());
		assertEquals("START", h.get("decay_correction").getAsString());
		assertEquals(381470000.0, h.get("dose_bq").getAsDouble(), 0);
		assertEquals(6586.2, h.get("half_life_s").getAsDouble(), 0);
		assertEquals(66.2, h.get("weight_kg").getAsDouble(), 0);
		assertEquals("113900.000000", h.get("injection_time").getAsString());
		assertFalse(h.has("injection_datetime"), "absent tags are left out");
		assertEquals(3.375, o.getAsJsonArray("spacing_mm").get(2).getAsDouble(), 1e-6);
	}

	/** A folder mixing a CT and a PET slice is refused with both series listed; naming one reads it. */
	@Test
	void imageInfoNamesTheSeriesOfAMixedFolder(@TempDir final Path dir) throws IOException {
		final File ct = SharedData.require("ct-dicom-siemens-t11-t12/dicom");
		final File pet = SharedData.require("pet-dicom-wholebody-fdg/dicom");
		final File mixed = dir.resolve("mixed").toFile();
		mixed.mkdirs();
		final File[] cts = ct.listFiles((d, n) -> n.endsWith(".dcm"));
		java.util.Arrays.sort(cts);
		Files.copy(cts[0].toPath(), new File(mixed, "ct.dcm").toPath());
		Files.copy(new File(pet, "000000.dcm").toPath(), new File(mixed, "pet.dcm").toPath());
		final String uid = "1.3.6.1.4.1.14519.5.2.1.2744.7002.117357550898198415937979788256";
		LauncherRun.inProcess("--run", "Image Info", "path='" + mixed + "'").assertFailure(Main.BAD_INPUT, "2 series", uid, "PT", "CT");
		final JsonObject o = LauncherRun.inProcess("--run", "Image Info", "path='" + mixed + "',series='" + uid + "'")
			.assertOneJsonObject();
		assertEquals("PT", o.get("modality").getAsString());
		assertEquals(1, o.getAsJsonArray("dimensions").get(2).getAsInt());
	}

	@Test
	void imageInfoOnRealCt() {
		final File ct = SharedData.require("ct-dicom-siemens-t11-t12/dicom");
		final JsonObject o = LauncherRun.inProcess("--run", "Image Info", "path='" + ct.getPath() + "'").assertOneJsonObject();
		assertArrayEquals(new double[] { 512, 512, 20 }, array(o.getAsJsonArray("dimensions")));
		assertArrayEquals(new double[] { 0.9765625, 0.9765625, 2.0 }, array(o.getAsJsonArray("spacing_mm")), 1e-6);
		assertEquals("CT", o.get("modality").getAsString());
		assertEquals("HU", o.get("value_unit").getAsString());
		assertEquals(-1024.0, o.get("min").getAsDouble(), 0, "RescaleIntercept -1024 on stored 0");
		assertFalse(o.has("pet"));
	}

	@Test
	void outputJsonThroughCommandService(@TempDir final Path dir) throws Exception {
		// outside the launcher, in a headless JVM: the command still fills its json output
		final Context context = new Context(CommandService.class);
		try {
			final File out = dir.resolve("p").toFile();
			final CommandModule m = context.service(CommandService.class).run(GenerateTestPhantom.class, true, "kind", "spine", "out",
				out, "size", "24x24x12", "seed", 3L).get();
			final String json = (String) m.getOutput("json");
			assertTrue(json.startsWith("{\"kind\":\"spine\",\"seed\":3,\"dimensions\":[24,24,12]"), json);
		}
		finally {
			context.dispose();
		}
	}
}
