package org.marrowj.io.fuzz;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;
import org.marrowj.io.DicomFile;
import org.marrowj.io.DicomHeader;
import org.marrowj.io.DicomSeries;
import org.marrowj.io.DicomSeriesReader;
import org.marrowj.io.DicomTag;
import org.marrowj.io.Limits;
import org.marrowj.io.Nifti;
import org.marrowj.io.fuzz.Seeds.Format;
import org.marrowj.io.fuzz.Seeds.Seed;

/**
 * Feeds mutated inputs to the readers in this JVM, one at a time on a worker thread with a time
 * limit, and judges each run by the oracle: the reader either returns a self-consistent image
 * (positive dimensions, voxel count = their product, finite geometry, finite values where the
 * stored values are integers scaled by finite factors) or throws a {@link BadInputException} whose
 * one-line message starts with the path of the file (or folder) read. Anything else (another
 * exception, an Error such as OutOfMemoryError or StackOverflowError, a run longer than
 * {@link #TIMEOUT_MS}) is a failure.
 */
final class FuzzRunner implements AutoCloseable {

	static final long TIMEOUT_MS = 5000;
	/** The reduced voxel cap some runs use (system property {@value Limits#MAX_VOXELS_PROPERTY}). */
	static final long REDUCED_CAP = 300_000;

	static final class Failure {
		final Recipe recipe;
		final String what;
		final Throwable cause;

		Failure(final Recipe recipe, final String what, final Throwable cause) {
			this.recipe = recipe;
			this.what = what;
			this.cause = cause;
		}

		/** Kind, exception class and the innermost MarrowJ frame: one entry per distinct bug. */
		String signature() {
			String frame = "";
			if (cause != null) for (final StackTraceElement e : cause.getStackTrace())
				if (e.getClassName().startsWith("org.marrowj") && !e.getClassName().contains(".fuzz.")) {
					frame = e.getClassName() + "." + e.getMethodName() + ":" + e.getLineNumber();
					break;
				}
			return (cause == null ? what : cause.getClass().getSimpleName()) + " @ " + frame;
		}
	}

	/** Per kind: inputs, read, refused, failed. */
	final Map<String, long[]> counts = new TreeMap<>();
	final List<Failure> failures = new ArrayList<>();
	long maxNanos;
	String slowest = "";
	long maxUsedHeap;

	private final Seeds seeds;
	private final Path work;
	private ExecutorService exec = newExecutor();
	private int caseNo;

	FuzzRunner(final Seeds seeds, final Path work) {
		this.seeds = seeds;
		this.work = work;
		for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
	}

	private static ExecutorService newExecutor() {
		return Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "marrowj-fuzz");
			t.setDaemon(true);
			return t;
		});
	}

	/** Runs one input (with the recipe's voxel cap, or the default heap limit). Returns null when the oracle holds, else the failure. */
	Failure run(final Recipe recipe) {
		final Long cap = recipe.cap;
		final Seed seed = seeds.get(recipe.seed);
		if (seed == null) throw new IllegalArgumentException("no seed " + recipe.seed);
		final long[] c = counts.computeIfAbsent(recipe.kind + (recipe.series ? " (series)" : ""), k -> new long[4]);
		c[0]++;
		final Path dir = work.resolve("case" + (caseNo++));
		Failure failure = null;
		final byte[] bytes = recipe.apply(seed.bytes);
		final long t0 = System.nanoTime();
		final Future<String> f = exec.submit(() -> judge(seed, recipe, bytes, cap, dir));
		try {
			final String outcome = f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
			if (outcome.equals("read")) c[1]++;
			else if (outcome.equals("refused")) c[2]++;
			else failure = new Failure(recipe, outcome, null);
		}
		catch (final ExecutionException e) {
			failure = new Failure(recipe, e.getCause().toString(), e.getCause());
		}
		catch (final TimeoutException e) {
			f.cancel(true);
			exec.shutdownNow();
			exec = newExecutor();
			failure = new Failure(recipe, "no result within " + TIMEOUT_MS + " ms", null);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
		final long dt = System.nanoTime() - t0;
		if (dt > maxNanos) {
			maxNanos = dt;
			slowest = recipe.kind + " on " + recipe.seed + (cap == null ? "" : " (cap " + cap + ")");
		}
		final Runtime rt = Runtime.getRuntime();
		maxUsedHeap = Math.max(maxUsedHeap, rt.totalMemory() - rt.freeMemory());
		if (failure != null) {
			c[3]++;
			failures.add(failure);
		}
		deleteTree(dir.toFile());
		return failure;
	}

	/** "read", "refused", or a description of what broke the oracle; throws what escaped the reader. */
	private static String judge(final Seed seed, final Recipe recipe, final byte[] bytes, final Long cap, final Path dir) throws Exception {
		final String saved = System.getProperty(Limits.MAX_VOXELS_PROPERTY);
		if (cap != null) System.setProperty(Limits.MAX_VOXELS_PROPERTY, Long.toString(cap));
		else System.clearProperty(Limits.MAX_VOXELS_PROPERTY);
		try {
			final File path = materialize(seed, recipe, bytes, dir);
			if (seed.format == Format.NIFTI) return niftiOutcome(path);
			if (recipe.series) return seriesOutcome(path, path);
			final String single = slice(path);
			if (!single.equals("read") && !single.equals("refused")) return single;
			return seriesOutcome(path, path);
		}
		finally {
			if (saved != null) System.setProperty(Limits.MAX_VOXELS_PROPERTY, saved);
			else System.clearProperty(Limits.MAX_VOXELS_PROPERTY);
		}
	}

	/**
	 * Writes the mutated input into {@code dir} (created): a NIfTI file, a DICOM file, or for a series
	 * recipe the mutated slice beside its two unmutated neighbours. Returns the path a reader opens.
	 */
	static File materialize(final Seed seed, final Recipe recipe, final byte[] bytes, final Path dir) throws IOException {
		Files.createDirectories(dir);
		if (seed.format == Format.NIFTI) {
			final File file = dir.resolve(recipe.gzipped() ? "in.nii.gz" : "in.nii").toFile();
			Files.write(file.toPath(), bytes);
			return file;
		}
		final File file = dir.resolve("b.dcm").toFile();
		Files.write(file.toPath(), bytes);
		if (!recipe.series) return file;
		Files.write(dir.resolve("a.dcm"), seed.neighbours.get(0));
		Files.write(dir.resolve("c.dcm"), seed.neighbours.get(1));
		return dir.toFile();
	}

	private static String niftiOutcome(final File file) {
		final Volume<?> v;
		try {
			v = Nifti.read(file);
		}
		catch (final BadInputException e) {
			return refusal(e, file);
		}
		// values scaled from integers by finite factors are finite (non-finite factors leave the values unscaled)
		final String dt = v.property(Nifti.DATATYPE);
		return consistent(v, dt != null && !dt.equals("16") && !dt.equals("64"));
	}

	/** One slice: header, then the pixels decoded as a caller of {@link DicomFile#readPixels} does. */
	private static String slice(final File file) {
		try {
			final DicomHeader h = DicomFile.readHeader(file);
			if (!h.hasPixelData()) return "refused";
			DicomFile.checkDecodable(h);
			final long n = (long) h.rows() * h.columns();
			Limits.checkAllocation(file.getPath(), n, 4);
			final float[] px = new float[(int) n];
			final double slope = h.getDouble(DicomTag.RESCALE_SLOPE, 1), inter = h.getDouble(DicomTag.RESCALE_INTERCEPT, 0);
			DicomFile.readPixels(h, px, slope, inter);
			if (Double.isFinite(slope) && Double.isFinite(inter)) for (final float x : px)
				if (!Float.isFinite(x)) return "non-finite pixel value " + x + " from finite rescale " + slope + ", " + inter;
			return "read";
		}
		catch (final BadInputException e) {
			return refusal(e, file);
		}
	}

	private static String seriesOutcome(final File path, final File subject) {
		final DicomSeries s;
		try {
			s = DicomSeriesReader.read(path, null);
		}
		catch (final BadInputException e) {
			return refusal(e, subject);
		}
		if (s.headers().size() != s.depth()) return s.headers().size() + " headers for " + s.depth() + " slices";
		return consistent(s.volume(), true);
	}

	private static String refusal(final BadInputException e, final File subject) {
		final String m = e.getMessage();
		if (m == null || !m.startsWith(subject.getPath())) return "BadInputException not naming " + subject + ": " + m;
		if (m.contains("\n")) return "BadInputException message of several lines: " + m;
		return "refused";
	}

	/** Dimensions positive, voxel count = their product, finite geometry; all values finite when {@code finiteValues}. */
	private static String consistent(final Volume<?> v, final boolean finiteValues) {
		final long[] d = v.dimensions();
		if (d.length != 3) return "volume of " + d.length + " dimensions";
		long n = 1;
		for (final long x : d) {
			if (x <= 0) return "dimension " + x;
			n *= x;
		}
		if (Intervals.numElements(v.image()) != n || v.voxelCount() != n) return "voxel count differs from the dimensions";
		final Geometry g = v.geometry();
		if (g == null) return "no geometry";
		for (final double s : g.spacing())
			if (!(s > 0) || !Double.isFinite(s)) return "spacing " + s;
		for (final double o : g.origin())
			if (!Double.isFinite(o)) return "origin " + o;
		for (final double x : g.direction())
			if (!Double.isFinite(x)) return "direction " + x;
		if (finiteValues) {
			for (final Object t : Views.flatIterable(v.image()))
				if (!Double.isFinite(((RealType<?>) t).getRealDouble())) return "non-finite voxel value " + t;
		}
		return "read";
	}

	static void deleteTree(final File f) {
		final File[] sub = f.listFiles();
		if (sub != null) for (final File s : sub)
			deleteTree(s);
		f.delete();
	}

	/** Sum of the peak usage of the heap memory pools since this runner started, bytes. */
	static long heapPoolPeaks() {
		long sum = 0;
		for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) sum += p.getPeakUsage().getUsed();
		return sum;
	}

	/** A table of counts per mutation kind and the figures of the run. */
	String report(final long wallNanos) {
		final StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "%-34s %7s %7s %8s %6s%n", "kind", "inputs", "read", "refused", "failed"));
		final long[] tot = new long[4];
		for (final Map.Entry<String, long[]> e : counts.entrySet()) {
			final long[] c = e.getValue();
			sb.append(String.format(Locale.ROOT, "%-34s %7d %7d %8d %6d%n", e.getKey(), c[0], c[1], c[2], c[3]));
			for (int i = 0; i < 4; i++)
				tot[i] += c[i];
		}
		sb.append(String.format(Locale.ROOT, "%-34s %7d %7d %8d %6d%n", "total", tot[0], tot[1], tot[2], tot[3]));
		sb.append(String.format(Locale.ROOT, "wall %.1f s; slowest input %.0f ms (%s); heap used at most %.0f MB after an input, " +
			"heap pool peaks sum %.0f MB, max heap %.0f MB%n", wallNanos / 1e9, maxNanos / 1e6, slowest, maxUsedHeap / 1048576.0,
			heapPoolPeaks() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0));
		final Map<String, Failure> distinct = new LinkedHashMap<>();
		for (final Failure f : failures)
			distinct.putIfAbsent(f.signature(), f);
		for (final Map.Entry<String, Failure> e : distinct.entrySet())
			sb.append("FAILURE ").append(e.getKey()).append(": ").append(e.getValue().what).append('\n')
				.append(e.getValue().recipe.format().replace("\n", "\n    ").trim()).append('\n');
		return sb.toString();
	}

	/** Writes one recipe per distinct failure to {@code dir} (to be kept as regression cases). */
	void saveFailures(final File dir) throws IOException {
		final Map<String, Failure> distinct = new LinkedHashMap<>();
		for (final Failure f : failures)
			distinct.putIfAbsent(f.signature(), f);
		dir.mkdirs();
		int i = 0;
		for (final Failure f : distinct.values()) {
			final String text = "# " + f.what.replace("\n", " ") + "\n" + f.recipe.format();
			Files.write(new File(dir, String.format(Locale.ROOT, "%s-%02d.recipe", f.recipe.kind, i++)).toPath(), text.getBytes(StandardCharsets.UTF_8));
		}
	}

	@Override
	public void close() {
		exec.shutdownNow();
	}
}
