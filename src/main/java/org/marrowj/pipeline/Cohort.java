package org.marrowj.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.marrowj.BadInputException;
import org.marrowj.io.AtomicFiles;
import org.marrowj.io.Csv;
import org.marrowj.io.Json;

/**
 * A cohort run: every subject of a manifest through one subject analysis, each into its own folder
 * {@code out/<subject>[_<visit>]/}, then the subjects' tables combined.
 * <p>
 * Manifest: a CSV with a {@code subject} column, an optional {@code visit} column, and optional
 * columns named like the subject parameters ({@link #PARAMETERS}); a non-empty cell overrides the
 * cohort default. File parameters ({@link #FILE_PARAMETERS}) are relative to the manifest's folder.
 * <p>
 * A subject is complete when its folder has {@value #STAMP} (written last, atomically), the stamp
 * equals the one this run would write (SHA-256 of every input file's content, for a folder of every
 * file in it, every parameter value, and the MarrowJ version), and the tables the subject produces exist. A resumed run
 * skips complete subjects and reruns the others from an emptied folder. A failing subject gets no
 * stamp and one row in the errors table (subject, stage, message); the others go on.
 * <p>
 * Combined tables ({@value SubjectAnalysis#CSV}, {@value NeckAnalysis#CSV} in {@code out/}): the rows
 * of every complete subject, sorted by subject, then visit (Java String order, from the stamps), each
 * subject's rows in their own order. Header: the columns of the subjects' headers in order of first
 * appearance, going through the subjects in that sorted order; a subject without a column has an
 * empty cell. When any combined subject has a visit, the header starts {@code subject,visit} and
 * these two cells hold the manifest's subject and visit (a subject folder's own table names the
 * subject by its folder, {@code subject_visit}). Same subject tables, same bytes. A shard {@code i/n} runs the subjects at manifest positions
 * i, i+n, ... (1-based) and writes {@code errors_shard_i_of_n.csv} instead of the combined tables;
 * {@code merge} combines every stamped subject folder, the errors of an earlier {@code errors.csv} and of
 * every shard error file, leaving out subjects now stamped (only the manifest's subjects when a
 * manifest is given). A full run combines the manifest's stamped subjects only.
 * <p>
 * A full run (shard 1/1) and {@code merge} end with the QC page {@value CohortReport#HTML} in
 * {@code out/} ({@link CohortReport}): one card per combined subject and per subject of the errors
 * table, with its status, QC pictures and key numbers, filterable and sortable.
 */
public final class Cohort {

	public static final String STAMP = "cohort_stamp.json", ERRORS = "errors.csv", VISIT = "visit";
	/** The stages of a subject's errors row. */
	public static final String READ = "read", SEGMENT = "segment", PET = "pet", QCT = "qct", WRITE = "write",
		INTERNAL = "internal";
	/** Subject parameters a manifest column or a cohort default may set. */
	public static final List<String> PARAMETERS = Collections.unmodifiableList(Arrays.asList("ct", "site", "labels",
		"label_scheme", "cortical_hu", "margin_mm", "seeds_mm", "pet", "tracer", "suv_type", "dose_mbq", "weight_kg", "height_cm",
		"sex", "injection_time", "scan_time", "half_life_s", "assume_aligned", "input_function", "glucose_mmol", "ffa_mmol", "lc",
		"frame_mid_min", "qct", "calibration", "slope_mgcm3_per_hu", "intercept_mgcm3", "side", "cortical_mgcm3"));
	/** Parameters that name files or folders (relative to the manifest's folder). */
	public static final Set<String> FILE_PARAMETERS = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList("ct",
		"labels", "pet", "input_function", "qct", "calibration")));
	public static final List<String> ERROR_COLUMNS = Collections.unmodifiableList(Arrays.asList("subject", "stage", "message"));

	private Cohort() {}

	/** One subject of the manifest: folder name, the manifest's cells, the resolved input files. */
	public static final class Subject {
		public final String name, subject, visit;
		/** every parameter (defaults and manifest cells), as text, sorted by name */
		public final Map<String, String> parameters;
		/** file parameter -&gt; the file (resolved against the manifest's folder) */
		public final Map<String, File> files;

		Subject(final String subject, final String visit, final Map<String, String> parameters, final Map<String, File> files) {
			this.subject = subject;
			this.visit = visit;
			this.name = visit == null || visit.isEmpty() ? subject : subject + "_" + visit;
			this.parameters = parameters;
			this.files = files;
		}
	}

	/** Runs one subject into its folder; reports the stage it is in through {@code stage}. */
	@FunctionalInterface
	public interface SubjectRunner {

		/** @throws Exception any failure (the cohort records it and goes on) */
		void run(Subject subject, File out, Stage stage, ProgressListener listener) throws Exception;
	}

	/** The stage a subject's run is in (one of {@link Cohort#READ} ... {@link Cohort#WRITE}). */
	public static final class Stage {
		private volatile String stage = READ;

		public void set(final String s) {
			stage = s;
		}

		public String get() {
			return stage;
		}
	}

	/** One line per finished subject; cancellation between subjects. */
	public interface Listener {

		/** "[k/N] subject: ok|skipped (complete)|failed: reason, elapsed, rate, ETA" */
		void subjectDone(String line);

		/** At the start ({@code done} = 0) and after each finished subject: {@code done} of {@code total} subjects of this run. */
		default void progress(final int done, final int total) {}

		default boolean isCanceled() {
			return false;
		}
	}

	/** Settings of a cohort run. */
	public static final class Settings {
		public File manifest, out;
		public int threads = 1;
		public boolean resume = true, merge;
		public String shard = "1/1";
		/** cohort defaults: parameter -&gt; text (empty = the subject command's own default) */
		public final Map<String, String> defaults = new TreeMap<>();
	}

	/** What a run did: subject names by outcome, in manifest order. */
	public static final class Result {
		public final List<String> processed = Collections.synchronizedList(new ArrayList<>()), skipped = Collections
			.synchronizedList(new ArrayList<>()), failed = Collections.synchronizedList(new ArrayList<>());
		public final List<String> files = new ArrayList<>();
		public int subjects;
		public double seconds;

		public Map<String, Object> toMap() {
			final Map<String, Object> m = new LinkedHashMap<>();
			m.put("subjects", subjects);
			m.put("processed", new ArrayList<>(processed));
			m.put("skipped", new ArrayList<>(skipped));
			m.put("failed", new ArrayList<>(failed));
			m.put("files", files);
			m.put("seconds", Math.round(seconds * 1000) / 1000.0);
			return m;
		}
	}

	/** Parses {@code "i/n"} (1 &lt;= i &lt;= n). */
	public static int[] parseShard(final String text) {
		final String t = text == null ? "" : text.trim();
		final String[] p = t.split("/");
		try {
			if (p.length == 2) {
				final int i = Integer.parseInt(p[0].trim()), n = Integer.parseInt(p[1].trim());
				if (n >= 1 && i >= 1 && i <= n) return new int[] { i, n };
			}
		}
		catch (final NumberFormatException e) {
			// reported below
		}
		throw new BadInputException("shard", "must be i/n with 1 <= i <= n (e.g. 1/1, 2/4), got '" + t + "'");
	}

	/** Reads the manifest: subjects in file order with the defaults and the manifest's cells. */
	public static List<Subject> readManifest(final File manifest, final Map<String, String> defaults) {
		if (manifest == null) throw new BadInputException("manifest", "no manifest given");
		if (!manifest.isFile()) throw new BadInputException(manifest, "no such file");
		final Csv csv;
		try {
			csv = Csv.read(manifest);
		}
		catch (final IOException e) {
			throw new BadInputException(manifest, "cannot read: " + e.getMessage(), e);
		}
		final List<String> header = csv.header().stream().map(String::trim).collect(Collectors.toList());
		if (!header.contains("subject")) throw new BadInputException(manifest, "no 'subject' column (columns: " + header + ")");
		final Set<String> seen = new HashSet<>();
		for (final String h : header) {
			if (!seen.add(h)) throw new BadInputException(manifest, "column '" + h + "' appears twice");
			if (!h.equals("subject") && !h.equals("visit") && !PARAMETERS.contains(h))
				throw new BadInputException(manifest, "unknown column '" + h + "' (known: subject, visit, " + String.join(", ",
					PARAMETERS) + ")");
		}
		final File base = manifest.getAbsoluteFile().getParentFile();
		final List<Subject> out = new ArrayList<>();
		final Set<String> names = new HashSet<>();
		int line = 1;
		for (final List<String> row : csv.rows()) {
			line++;
			final Map<String, String> cells = new LinkedHashMap<>();
			for (int c = 0; c < header.size(); c++)
				cells.put(header.get(c), row.get(c).trim());
			if (cells.values().stream().allMatch(String::isEmpty)) continue;
			final String subject = cells.remove("subject");
			final String visit = cells.containsKey(VISIT) ? cells.remove(VISIT) : "";
			checkName(manifest, line, "subject", subject, false);
			checkName(manifest, line, VISIT, visit, true);
			final Map<String, String> params = new TreeMap<>();
			for (final Map.Entry<String, String> d : defaults.entrySet())
				if (d.getValue() != null && !d.getValue().trim().isEmpty()) params.put(d.getKey(), d.getValue().trim());
			for (final Map.Entry<String, String> c : cells.entrySet())
				if (!c.getValue().isEmpty()) params.put(c.getKey(), c.getValue());
			final Map<String, File> files = new TreeMap<>();
			for (final String f : FILE_PARAMETERS)
				if (params.containsKey(f)) {
					final File file = new File(params.get(f));
					files.put(f, file.isAbsolute() ? file : new File(base, params.get(f)));
				}
			final Subject s = new Subject(subject, visit, Collections.unmodifiableMap(params), Collections.unmodifiableMap(files));
			if (!names.add(s.name)) throw new BadInputException(manifest, "line " + line + ": subject '" + s.name + "' appears twice" +
				" (each row is one folder, subject_visit: give two scans of one visit their own visit names, e.g. v1_fdg and v1_ftha)");
			out.add(s);
		}
		if (out.isEmpty()) throw new BadInputException(manifest, "no subjects");
		return out;
	}

	private static void checkName(final File manifest, final int line, final String column, final String v,
		final boolean mayBeEmpty)
	{
		if (v.isEmpty() && mayBeEmpty) return;
		if (v.isEmpty() || !v.matches("[A-Za-z0-9][A-Za-z0-9._-]*"))
			throw new BadInputException(manifest, "line " + line + ": " + column + " '" + v +
				"' must be a plain name (letters, digits, . _ -)");
	}

	/**
	 * The stamp of a subject: its names, the MarrowJ version (a new version reruns the subject), the
	 * parameter values and the SHA-256 of each input.
	 */
	public static Map<String, Object> stamp(final Subject s) throws IOException {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("subject", s.subject);
		m.put(VISIT, s.visit);
		m.put("marrowj_version", Provenance.version());
		m.put("parameters", new TreeMap<>(s.parameters));
		final Map<String, String> inputs = new TreeMap<>();
		for (final Map.Entry<String, File> f : s.files.entrySet())
			inputs.put(f.getKey(), Provenance.sha256(f.getValue()));
		m.put("inputs_sha256", inputs);
		return m;
	}



	/** True when {@code dir} holds a stamp equal to {@code stamp} and the tables the subject produces. */
	static boolean complete(final File dir, final Subject s, final String stampText) {
		final File stamp = new File(dir, STAMP);
		if (!stamp.isFile()) return false;
		if (s.files.containsKey("ct") && !new File(dir, SubjectAnalysis.CSV).isFile()) return false;
		if (s.files.containsKey("qct") && !new File(dir, NeckAnalysis.CSV).isFile()) return false;
		try {
			return new String(Files.readAllBytes(stamp.toPath()), StandardCharsets.UTF_8).equals(stampText);
		}
		catch (final IOException e) {
			return false;
		}
	}

	/**
	 * Runs the cohort (see the class comment).
	 *
	 * @throws CancellationException when the listener cancels: its message says after how many subjects
	 *         and how to go on
	 */
	public static Result run(final Settings settings, final SubjectRunner runner, final Listener listener) {
		final long t0 = System.nanoTime();
		if (settings.out == null) throw new BadInputException("out", "no output folder given");
		if (settings.out.exists() && !settings.out.isDirectory()) throw new BadInputException(settings.out,
			"exists and is not a folder");
		final Result result = new Result();
		if (settings.merge) {
			merge(settings.out, result, settings.manifest == null ? null : names(readManifest(settings.manifest,
				settings.defaults)));
			result.seconds = (System.nanoTime() - t0) / 1e9;
			return result;
		}
		if (settings.threads < 1) throw new BadInputException("threads", "must be at least 1, got " + settings.threads);
		final int[] shard = parseShard(settings.shard);
		final List<Subject> all = readManifest(settings.manifest, settings.defaults);
		final List<Subject> mine = new ArrayList<>();
		for (int k = shard[0] - 1; k < all.size(); k += shard[1])
			mine.add(all.get(k));
		result.subjects = mine.size();
		try {
			Files.createDirectories(settings.out.toPath());
		}
		catch (final IOException e) {
			throw new BadInputException(settings.out, "cannot create the output folder: " + e.getMessage(), e);
		}
		final Map<String, List<String>> errors = Collections.synchronizedMap(new TreeMap<>());
		final AtomicBoolean cancel = new AtomicBoolean();
		final Listener l = listener == null ? line -> {} : listener;
		final int[] done = { 0 };
		final ExecutorService pool = Executors.newFixedThreadPool(settings.threads, r -> {
			final Thread t = new Thread(r, "cohort-subject");
			t.setDaemon(true);
			return t;
		});
		l.progress(0, mine.size());
		try {
			final List<Future<?>> futures = new ArrayList<>();
			for (final Subject s : mine)
				futures.add(pool.submit(() -> {
					if (cancel.get() || l.isCanceled()) {
						cancel.set(true);
						return;
					}
					final String outcome = runOne(settings, s, runner, errors, result, () -> cancel.get() || l.isCanceled());
					synchronized (done) {
						done[0]++;
						final double el = (System.nanoTime() - t0) / 1e9;
						final double rate = done[0] / Math.max(el, 1e-9) * 60;
						final double eta = (mine.size() - done[0]) / Math.max(rate, 1e-9) * 60;
						l.subjectDone(String.format(java.util.Locale.ROOT, "[%d/%d] %s: %s (elapsed %.1f s, %.2f subjects/min, ETA %.1f s)",
							done[0], mine.size(), s.name, outcome, el, rate, eta));
						l.progress(done[0], mine.size());
					}
				}));
			for (final Future<?> f : futures)
				try {
					f.get();
				}
				catch (final ExecutionException e) {
					if (e.getCause() instanceof CancellationException) cancel.set(true);
					else throw new IllegalStateException(e.getCause());
				}
				catch (final InterruptedException e) {
					Thread.currentThread().interrupt();
					cancel.set(true);
				}
		}
		finally {
			pool.shutdownNow();
		}
		if (cancel.get() || l.isCanceled()) throw new CancellationException("after " + done[0] + " of " + mine.size() +
			" subjects; the subjects done keep their complete folders: run it again with resume=true to go on");
		final Csv err = new Csv(ERROR_COLUMNS);
		errors.values().forEach(err::addCells);
		try {
			if (shard[1] == 1) {
				err.write(new File(settings.out, ERRORS));
				result.files.add(ERRORS);
				CohortReport.write(settings.out, combine(settings.out, result, names(all)));
				result.files.add(CohortReport.HTML);
			}
			else {
				final String name = "errors_shard_" + shard[0] + "_of_" + shard[1] + ".csv";
				err.write(new File(settings.out, name));
				result.files.add(name);
			}
		}
		catch (final IOException e) {
			throw new BadInputException(settings.out, "cannot write the cohort tables: " + e.getMessage(), e);
		}
		result.seconds = (System.nanoTime() - t0) / 1e9;
		return result;
	}

	private static String runOne(final Settings settings, final Subject s, final SubjectRunner runner,
		final Map<String, List<String>> errors, final Result result, final java.util.function.BooleanSupplier canceled)
	{
		final File dir = new File(settings.out, s.name);
		final Stage stage = new Stage();
		try {
			final String stampText;
			try {
				stampText = Json.pretty(stamp(s)) + "\n";
			}
			catch (final IOException e) {
				throw new BadInputException(s.name, "cannot read an input: " + e.getMessage(), e);
			}
			if (settings.resume && complete(dir, s, stampText)) {
				result.skipped.add(s.name);
				return "skipped (complete)";
			}
			for (final Map.Entry<String, File> f : s.files.entrySet())
				if (inside(f.getValue(), dir)) throw new BadInputException(f.getKey(), f.getValue() +
					" lies inside the subject's output folder " + dir + ", which a run empties first; choose another out");
			stage.set(WRITE);
			clear(dir);
			stage.set(READ);
			runner.run(s, dir, stage, new ProgressListener() {

				@Override
				public void progress(final String step, final double fraction) {}

				@Override
				public boolean isCanceled() {
					return canceled.getAsBoolean();
				}
			});
			stage.set(WRITE);
			AtomicFiles.writeText(new File(dir, STAMP), stampText);
			result.processed.add(s.name);
			return "ok";
		}
		catch (final CancellationException e) {
			throw e;
		}
		catch (final BadInputException e) {
			return failed(s, stage.get(), e.getMessage(), errors, result);
		}
		catch (final IOException e) {
			return failed(s, stage.get(), "cannot write: " + e.getMessage(), errors, result);
		}
		catch (final Exception | Error e) {
			return failed(s, INTERNAL, "internal error in " + stage.get() + ": " + e.getClass().getSimpleName() + (e
				.getMessage() == null ? "" : ": " + e.getMessage()), errors, result);
		}
	}

	private static String failed(final Subject s, final String stage, final String message, final Map<String, List<String>> errors,
		final Result result)
	{
		final String m = message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
		errors.put(s.name, Arrays.asList(s.name, stage, m));
		result.failed.add(s.name);
		return "failed: " + m;
	}

	/** True when {@code file} is {@code dir} or lies inside it (canonical paths). */
	static boolean inside(final File file, final File dir) throws IOException {
		final Path f = file.getCanonicalFile().toPath(), d = dir.getCanonicalFile().toPath();
		return f.startsWith(d);
	}

	/** Deletes everything inside {@code dir} (the stamp first), keeping the folder. */
	static void clear(final File dir) throws IOException {
		if (!dir.exists()) return;
		Files.deleteIfExists(new File(dir, STAMP).toPath());
		try (Stream<Path> w = Files.walk(dir.toPath())) {
			final List<Path> paths = w.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
			for (final Path p : paths)
				if (!p.equals(dir.toPath())) Files.delete(p);
		}
	}

	/**
	 * The subject and visit a stamped folder holds (from its stamp; a stamp that does not say gives the
	 * folder name and no visit).
	 */
	static String[] stampedId(final File dir) {
		try {
			final Map<String, Object> m = Json.parseObject(new String(Files.readAllBytes(new File(dir, STAMP).toPath()),
				StandardCharsets.UTF_8), STAMP);
			final Object s = m.get("subject"), v = m.get(VISIT);
			if (s instanceof String && !((String) s).isEmpty()) return new String[] { (String) s, v instanceof String ? (String) v
				: "" };
		}
		catch (final IOException | RuntimeException e) {
			// a folder whose stamp cannot be read keeps its folder name
		}
		return new String[] { dir.getName(), "" };
	}

	/** Merge mode: combined tables of every stamped subject folder, errors of every shard file. */
	static void merge(final File out, final Result result, final Set<String> only) {
		if (!out.isDirectory()) throw new BadInputException(out, "no such folder to merge");
		try {
			final Map<String, List<String>> errors = new TreeMap<>();
			final List<File> sources = new ArrayList<>();
			// an earlier full run's or merge's errors first, then the shards' (a shard's row replaces an older one)
			if (new File(out, ERRORS).isFile()) sources.add(new File(out, ERRORS));
			final File[] shards = out.listFiles((d, n) -> n.startsWith("errors_shard_") && n.endsWith(".csv"));
			Arrays.sort(shards);
			sources.addAll(Arrays.asList(shards));
			for (final File f : sources)
				for (final List<String> r : Csv.read(f).rows())
					if ((only == null || only.contains(r.get(0))) && !new File(new File(out, r.get(0)), STAMP).isFile())
						errors.put(r.get(0), r);
			final Csv err = new Csv(ERROR_COLUMNS);
			errors.values().forEach(err::addCells);
			err.write(new File(out, ERRORS));
			result.files.add(ERRORS);
			result.failed.addAll(errors.keySet());
			final List<String> stamped = combine(out, result, only);
			result.skipped.addAll(stamped);
			CohortReport.write(out, stamped);
			result.files.add(CohortReport.HTML);
			Collections.sort(result.skipped);
			result.subjects = result.skipped.size() + result.failed.size();
		}
		catch (final IOException e) {
			throw new BadInputException(out, "cannot merge: " + e.getMessage(), e);
		}
	}

	private static Set<String> names(final List<Subject> subjects) {
		final Set<String> s = new HashSet<>();
		for (final Subject x : subjects)
			s.add(x.name);
		return s;
	}

	/**
	 * Writes the combined tables of the stamped subject folders of {@code out} (those named in
	 * {@code only}, or all when null); returns their names.
	 */
	static List<String> combine(final File out, final Result result, final Set<String> only) throws IOException {
		final File[] dirs = out.listFiles(f -> f.isDirectory() && new File(f, STAMP).isFile() && (only == null || only.contains(f
			.getName())));
		// folder name -> {subject, visit} from its stamp
		final Map<String, String[]> ids = new TreeMap<>();
		boolean visits = false;
		for (final File d : dirs) {
			final String[] id = stampedId(d);
			ids.put(d.getName(), id);
			visits |= !id[1].isEmpty();
		}
		final List<String> names = new ArrayList<>(ids.keySet());
		names.sort(Comparator.<String, String> comparing(n -> ids.get(n)[0]).thenComparing(n -> ids.get(n)[1]).thenComparing(
			Comparator.naturalOrder()));
		for (final String table : Arrays.asList(SubjectAnalysis.CSV, NeckAnalysis.CSV)) {
			// folder name -> its table, in the sorted order
			final Map<String, Csv> parts = new LinkedHashMap<>();
			final LinkedHashSet<String> header = new LinkedHashSet<>();
			if (visits) header.addAll(Arrays.asList("subject", VISIT));
			for (final String n : names) {
				final File f = new File(new File(out, n), table);
				if (!f.isFile()) continue;
				final Csv c = Csv.read(f);
				header.addAll(c.header());
				parts.put(n, c);
			}
			final File target = new File(out, table);
			if (parts.isEmpty()) {
				Files.deleteIfExists(target.toPath());
				continue;
			}
			final List<String> h = new ArrayList<>(header);
			final Csv all = new Csv(h);
			for (final Map.Entry<String, Csv> part : parts.entrySet()) {
				final Csv c = part.getValue();
				final String[] id = ids.get(part.getKey());
				final int[] at = new int[h.size()];
				for (int k = 0; k < h.size(); k++)
					at[k] = c.header().indexOf(h.get(k));
				for (final List<String> r : c.rows()) {
					final List<String> cells = new ArrayList<>(h.size());
					for (int k = 0; k < h.size(); k++)
						cells.add(visits && k == 0 ? id[0] : visits && k == 1 ? id[1] : at[k] < 0 ? "" : r.get(at[k]));
					all.addCells(cells);
				}
			}
			all.write(target);
			result.files.add(table);
		}
		return names;
	}
}
