package org.marrowj.macro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.LauncherRun;
import org.marrowj.SharedData;
import org.marrowj.phantom.HipOptions;
import org.marrowj.phantom.Phantoms;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Every macro of {@code macros/} run by ImageJ 1.x's real macro interpreter (in a JVM with a
 * display: Xvfb when there is none) through its {@code plugins.config} menu entry, with the
 * test-side {@link FijiBridge} standing in for Fiji's legacy layer, on the test images; its tables
 * and images are compared with the same work done headless through the launcher.
 */
class MacrosTest {

	private static final File ROOT = new File(System.getProperty("user.dir"));
	private static final File IMAGES = new File(ROOT, "test-images");
	/** Each bundled macro and its menu label in plugins.config. */
	private static final String[][] MACROS = { { "analyze_folder_of_subjects.ijm", "Analyze Folder of Subjects" }, {
		"marrow_hu_of_folder.ijm", "Marrow HU of a Folder" }, { "pet_to_suv_of_folder.ijm", "PET to SUV of a Folder" }, {
			"femoral_neck_of_folder.ijm", "Femoral Neck of a Folder" } };

	@Test
	void everyMacroHasAMenuEntryAndATest() throws IOException {
		final Set<String> files = Arrays.stream(new File(ROOT, "macros").list((d, n) -> n.endsWith(".ijm"))).collect(Collectors
			.toCollection(TreeSet::new));
		final Set<String> tested = Arrays.stream(MACROS).map(m -> m[0]).collect(Collectors.toCollection(TreeSet::new));
		assertEquals(tested, files, "macros/ and the macros this test runs differ");
		final String config = new String(Files.readAllBytes(new File(ROOT, "plugins.config").toPath()), StandardCharsets.UTF_8);
		for (final String[] m : MACROS)
			assertTrue(config.contains("Plugins>MarrowJ>Macros, \"" + m[1] + "\", ij.plugin.Macro_Runner(\"JAR:macros/" + m[0] +
				"\")"), "plugins.config lacks the entry of " + m[0]);
	}

	@Test
	void analyzeFolderOfSubjectsGivesTheHeadlessCohort(@TempDir final File dir) throws Exception {
		final File subjects = new File(dir, "study");
		copy(new File(IMAGES, "femur/femur.nii.gz"), new File(subjects, "femur/femur.nii.gz"));
		copy(new File(IMAGES, "femur/femur.nii.gz"), new File(subjects, "femur two/ct.nii.gz"));
		copy(new File(IMAGES, "spine/spine.nii.gz"), new File(subjects, "spine/ct.nii.gz"));
		copy(new File(IMAGES, "spine/spine_labels.nii.gz"), new File(subjects, "spine/spine_labels.nii.gz"));
		write(new File(subjects, "broken/ct.nii.gz"), "not an image");
		final File out = new File(dir, "out");
		final JsonObject r = runMacro(dir, "run(\"Analyze Folder of Subjects\", \"subjects=[" + subjects + "] out=[" + out +
			"] site=auto threads=2 resume=true\");");
		assertEquals(1, r.getAsJsonArray("runs").size(), r.toString());
		assertTrue(r.getAsJsonArray("runs").get(0).getAsString().startsWith("Analyze Cohort manifest=["), r.toString());

		final String s = subjects.getPath() + File.separator;
		// folders in ImageJ's sort order ("femur two/" before "femur/"), names made plain, inputs found by name
		assertEquals("subject,ct,labels,pet,input_function,qct,calibration\n" + "broken," + s + "broken/ct.nii.gz,,,,,\n" + "femur_two," +
			s + "femur two/ct.nii.gz,,,,,\n" + "femur," + s + "femur/femur.nii.gz,,,,,\n" + "spine," + s + "spine/ct.nii.gz," + s +
			"spine/spine_labels.nii.gz,,,,\n", read(new File(out, "manifest.csv")));

		final File headless = new File(dir, "headless");
		LauncherRun.inProcess("--run", "Analyze Cohort", "manifest='" + new File(out, "manifest.csv") + "',out='" + headless +
			"',threads=2").assertOneJsonObject();
		final String table = read(new File(out, "marrow_regions.csv"));
		assertEquals(read(new File(headless, "marrow_regions.csv")), table);
		assertEquals(read(new File(headless, "errors.csv")), read(new File(out, "errors.csv")));
		assertTrue(read(new File(out, "errors.csv")).startsWith("subject,stage,message\nbroken,read,"), read(new File(out,
			"errors.csv")));
		// femur and femur_two: two femoral shafts each; spine: the six vertebral bodies T12-L5
		assertEquals(2, count(table, "\nfemur,femoral_shaft,"));
		assertEquals(2, count(table, "\nfemur_two,femoral_shaft,"));
		assertEquals(6, count(table, "\nspine,vertebral_body,"));
		assertTrue(new File(out, "qc_report.html").isFile());
	}

	@Test
	void marrowHuOfAFolderGivesTheHeadlessSubjects(@TempDir final File dir) throws Exception {
		final File images = new File(dir, "cts");
		copy(new File(IMAGES, "femur/femur.nii.gz"), new File(images, "femur.nii.gz"));
		copy(new File(IMAGES, "spine/spine.nii.gz"), new File(images, "spine.nii.gz"));
		copy(new File(IMAGES, "spine/spine_labels.nii.gz"), new File(images, "spine_labels.nii.gz"));
		write(new File(images, "notes.txt"), "not an image");
		final File out = new File(dir, "out");
		final JsonObject r = runMacro(dir, "run(\"Marrow HU of a Folder\", \"images=[" + images + "] out=[" + out +
			"] site=auto cortical_hu=400 margin_mm=auto threads=1\");");
		assertEquals(0, r.getAsJsonArray("failures").size(), r.toString());
		final StringBuilder combined = new StringBuilder();
		for (final String subject : new String[] { "femur", "spine" }) {
			final File h = new File(dir, "headless_" + subject);
			final String labels = subject.equals("spine") ? ",labels='" + new File(images, "spine_labels.nii.gz") + "'" : "";
			LauncherRun.inProcess("--run", "Analyze Subject", "ct='" + new File(images, subject + ".nii.gz") + "'" + labels +
				",out='" + h + "'").assertOneJsonObject();
			final String expected = read(new File(h, "marrow_regions.csv"));
			assertEquals(expected, read(new File(out, subject + "/marrow_regions.csv")), subject);
			combined.append(combined.length() == 0 ? expected : expected.substring(expected.indexOf('\n') + 1));
		}
		assertEquals(combined.toString(), read(new File(out, "marrow_regions.csv")));
		assertEquals("subject,stage,message\n", read(new File(out, "errors.csv")));
		// the numbers themselves: the phantom's marrow is -60 HU (left) and -20 HU (right), noise SD 10 HU over thousands of voxels
		final org.marrowj.io.Csv femur = org.marrowj.io.Csv.read(new File(out, "femur/marrow_regions.csv"));
		assertEquals(2, femur.rows().size());
		for (final List<String> row : femur.rows()) {
			final double hu = Double.parseDouble(row.get(femur.header().indexOf("hu_mean")));
			final String side = row.get(femur.header().indexOf("side"));
			assertEquals(side.equals("left") ? -60 : -20, hu, 2, side);
		}
	}

	@Test
	void petToSuvOfAFolderGivesTheHeadlessImages(@TempDir final File dir) throws Exception {
		final File pets = new File(dir, "pets");
		copy(new File(IMAGES, "petct/petct_pet.nii.gz"), new File(pets, "petct_pet.nii.gz"));
		write(new File(pets, "readme.txt"), "not a PET");
		final File out = new File(dir, "out");
		final String overrides = "dose_mbq=[350] weight_kg=[75] height_cm=[175] sex=[M] injection_time=[2024-01-15 09:30:00] scan_time=[2024-01-15 10:30:00] half_life_s=[6586.2]";
		final JsonObject r = runMacro(dir, "run(\"PET to SUV of a Folder\", \"pets=[" + pets + "] out=[" + out + "] suv_type=bw " +
			overrides + "\");");
		assertEquals(0, r.getAsJsonArray("failures").size(), r.toString());
		final File headless = new File(dir, "headless/petct_pet_suv.nii.gz");
		final JsonObject h = LauncherRun.inProcess("--run", "Convert PET to SUV", "pet='" + new File(pets, "petct_pet.nii.gz") +
			"',out='" + headless + "',suv_type='bw',dose_mbq='350',weight_kg='75',height_cm='175',sex='M',injection_time='2024-01-15 09:30:00'," +
			"scan_time='2024-01-15 10:30:00',half_life_s='6586.2'").assertOneJsonObject();
		assertArrayEquals(Files.readAllBytes(headless.toPath()), Files.readAllBytes(new File(out, "petct_pet_suv.nii.gz").toPath()));
		final JsonObject sidecar = JsonParser.parseString(read(new File(out, "petct_pet_suv.json"))).getAsJsonObject();
		// SUVbw per Bq/mL of the phantom: 75000 g / (350e6 Bq x 2^(-3600/6586.2))
		final double factor = 75000 / (350e6 * Math.pow(2, -3600 / 6586.2));
		assertEquals(factor, sidecar.get("suv_factor").getAsDouble(), 1e-12 * factor);
		assertEquals(h.get("suv_factor").getAsDouble(), sidecar.get("suv_factor").getAsDouble(), 0);
		assertEquals("pet,suv,status\n" + new File(pets, "petct_pet.nii.gz") + "," + new File(out, "petct_pet_suv.nii.gz") + ",ok\n",
			read(new File(out, "suv_batch.csv")));
	}

	@Test
	void petToSuvOfAFolderOfRealDicomPets(@TempDir final File dir) throws Exception {
		final File wb = SharedData.require("pet-dicom-wholebody-fdg/dicom");
		final File pets = new File(dir, "pets");
		Files.createDirectories(pets.toPath());
		Files.createSymbolicLink(new File(pets, "wholebody").toPath(), wb.toPath());
		final File out = new File(dir, "out");
		final JsonObject r = runMacro(dir, "run(\"PET to SUV of a Folder\", \"pets=[" + pets + "] out=[" + out + "] suv_type=bw\");");
		assertEquals(0, r.getAsJsonArray("failures").size(), r.toString());
		final File headless = new File(dir, "headless/wholebody_suv.nii.gz");
		LauncherRun.inProcess("--run", "Convert PET to SUV", "pet='" + wb + "',out='" + headless + "'").assertOneJsonObject();
		assertArrayEquals(Files.readAllBytes(headless.toPath()), Files.readAllBytes(new File(out, "wholebody_suv.nii.gz").toPath()));
		// the factor from the header: weight 66.2 kg, dose 381.47 MBq decayed to the scan start (as PetCommandsTest computes)
		final double factor = JsonParser.parseString(read(new File(out, "wholebody_suv.json"))).getAsJsonObject().get("suv_factor")
			.getAsDouble();
		assertEquals(2.94480405e-4, factor, 1e-9 * factor);
	}

	@Test
	void femoralNeckOfAFolderGivesTheHeadlessTables(@TempDir final File dir) throws Exception {
		final File qcts = new File(dir, "hips");
		// the phantom's left proximal femur with its five-rod phantom, 256 x 256 x 120 voxels of 0.9 x 0.9 x 1 mm
		Phantoms.write(Phantoms.hip(new HipOptions()), new File(dir, "gen"), "hip");
		copy(new File(dir, "gen/hip.nii.gz"), new File(qcts, "hip.nii.gz"));
		// the rods the phantom shows: 51.3 ... 376.4 mg/cm^3 K2HPO4 (rod 1, 0 mg/cm^3, has the HU of the block around it)
		final String rods = "51.3,102.7,203.9,376.4";
		final File out = new File(dir, "out");
		final JsonObject r = runMacro(dir, "run(\"Femoral Neck of a Folder\", \"qcts=[" + qcts + "] out=[" + out +
			"] side=left rods_k2hpo4=[" + rods + "] slope_mgcm3_per_hu=[] intercept_mgcm3=[] weight_kg=[70] cortical_mgcm3=350 threads=1\");");
		assertEquals(0, r.getAsJsonArray("failures").size(), r.toString());
		final File cal = new File(dir, "headless/cal");
		LauncherRun.inProcess("--run", "Calibrate QCT Phantom", "qct='" + new File(qcts, "hip.nii.gz") + "',rods_k2hpo4='" + rods +
			"',rod_count=4,out='" + cal + "'").assertOneJsonObject();
		assertEquals(read(new File(cal, "calibration.json")).replaceAll("\"(qct|out)\": \"[^\"]*\"", ""), read(new File(out,
			"_calibration/hip/calibration.json")).replaceAll("\"(qct|out)\": \"[^\"]*\"", ""));
		final File neck = new File(dir, "headless/neck");
		LauncherRun.inProcess("--run", "Femoral Neck Geometry", "qct='" + new File(qcts, "hip.nii.gz") + "',calibration='" + new File(
			cal, "calibration.json") + "',side='left',weight_kg='70',out='" + neck + "'").assertOneJsonObject();
		final String table = read(new File(out, "femoral_neck.csv"));
		assertEquals(read(new File(neck, "femoral_neck.csv")), table);
		assertEquals("subject,stage,message\n", read(new File(out, "errors.csv")));
		assertTrue(table.contains("\nhip,left,ok,"), table);
	}

	// ---------------------------------------------------------------- running a macro

	/** Runs {@code macro} with ImageJ 1.x's interpreter in a JVM with a display; returns its MACRO-RESULT object. */
	static JsonObject runMacro(final File dir, final String macro) throws Exception {
		final File file = new File(dir, "driver.ijm");
		write(file, macro + "\n");
		final File log = new File(dir, "macro.log");
		final int exit = runWithDisplay(dir, log, MacroHarness.class, file.getPath());
		final String output = read(log);
		final JsonObject r = result(output, "MACRO-RESULT ", exit);
		assertEquals(0, exit, "the macro did not run to its end: " + r + "\n" + output);
		final JsonArray dialogs = r.getAsJsonArray("dialogs");
		assertEquals(0, dialogs.size(), "the macro opened dialogs: " + dialogs + "\n" + output);
		return r;
	}

	/**
	 * Runs {@code main} of the test classes with {@code args} in a JVM with a display (Xvfb when
	 * DISPLAY is not set), output and errors into {@code log}, 15 minutes at most; returns its exit code.
	 */
	static int runWithDisplay(final File dir, final File log, final Class<?> main, final String... args) throws Exception {
		final List<String> cmd = new ArrayList<>();
		final String display = System.getenv("DISPLAY");
		if (display == null || display.isEmpty()) {
			if (!new File("/usr/bin/xvfb-run").canExecute()) fail(
				"ImageJ 1.x's GUI and macro interpreter need a display: install Xvfb (Debian: apt-get install -y xvfb xauth) or set DISPLAY");
			cmd.addAll(Arrays.asList("/usr/bin/xvfb-run", "-a", "-s", "-screen 0 1280x1024x24"));
		}
		final File home = new File(dir, "home");
		Files.createDirectories(home.toPath());
		cmd.addAll(Arrays.asList(new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx2g", "-Djava.awt.headless=false",
			"-Duser.home=" + home, "-Dplugins.dir=" + home, "-cp", classPath(), main.getName()));
		cmd.addAll(Arrays.asList(args));
		final Process p = new ProcessBuilder(cmd).directory(ROOT).redirectErrorStream(true).redirectOutput(log).start();
		if (!p.waitFor(15, TimeUnit.MINUTES)) {
			p.destroyForcibly();
			fail(main.getSimpleName() + " did not finish in 15 minutes; its output:\n" + read(log));
		}
		return p.exitValue();
	}

	/** The JSON object of the last line of {@code output} that starts with {@code prefix}. */
	static JsonObject result(final String output, final String prefix, final int exit) {
		final String line = Arrays.stream(output.split("\n")).filter(l -> l.startsWith(prefix)).reduce((a, b) -> b).orElse(null);
		if (line == null) fail("no " + prefix.trim() + " line (exit " + exit + "):\n" + output);
		return JsonParser.parseString(line.substring(prefix.length())).getAsJsonObject();
	}

	private static String classPath() throws IOException {
		final File target = new File(ROOT, "target");
		final String deps = read(new File(target, "classpath.txt")).trim();
		return new File(target, "test-classes") + File.pathSeparator + new File(target, "classes") + File.pathSeparator + deps;
	}

	// ---------------------------------------------------------------- files

	static void copy(final File from, final File to) throws IOException {
		Files.createDirectories(to.getParentFile().toPath());
		Files.copy(from.toPath(), to.toPath());
	}

	static void write(final File f, final String text) throws IOException {
		Files.createDirectories(f.getAbsoluteFile().getParentFile().toPath());
		Files.write(f.toPath(), text.getBytes(StandardCharsets.UTF_8));
	}

	static String read(final File f) throws IOException {
		return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
	}

	private static int count(final String text, final String what) {
		int n = 0;
		for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1))
			n++;
		return n;
	}
}
