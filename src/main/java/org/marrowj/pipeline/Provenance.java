package org.marrowj.pipeline;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.marrowj.io.AtomicFiles;

import com.google.gson.GsonBuilder;

/**
 * What a result was made from: the MarrowJ version, the parameters, every input file with its
 * size and SHA-256 checksum (a folder: each of its files), the method notes, the warnings and,
 * when recorded, the time of writing and the wall time of each step.
 * Written as {@code provenance.json} beside the results.
 */
public final class Provenance {

	private final Map<String, Object> parameters = new LinkedHashMap<>();
	private final List<Map<String, Object>> inputs = new ArrayList<>();
	private final Map<String, Object> methods = new LinkedHashMap<>();
	private final List<String> warnings = new ArrayList<>();
	private final Map<String, Object> timing = new LinkedHashMap<>();

	/** The version of MarrowJ in use (from the jar manifest), or "development" when run from classes. */
	public static String version() {
		final Package p = Provenance.class.getPackage();
		final String v = p == null ? null : p.getImplementationVersion();
		return v == null ? "development" : v;
	}

	public Provenance parameter(final String name, final Object value) {
		parameters.put(name, value instanceof File ? ((File) value).getPath() : value);
		return this;
	}

	/** Records an input file or folder (every regular file below it) with file count, bytes and {@link #sha256(File)}. */
	public Provenance input(final String role, final File path) throws IOException {
		if (path == null) return this;
		long total = 0;
		final List<Path> files = path.isDirectory() ? regularFiles(path.toPath()) : Collections.singletonList(path.toPath());
		for (final Path f : files)
			total += Files.size(f);
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("role", role);
		m.put("path", path.getPath());
		m.put("files", files.size());
		m.put("bytes", total);
		m.put("sha256", sha256(path));
		inputs.add(m);
		return this;
	}

	/** Records a method note (e.g. which SUV rule applied). */
	public Provenance method(final String key, final Object value) {
		methods.put(key, value);
		return this;
	}

	public Provenance warning(final String w) {
		warnings.add(w);
		return this;
	}

	/** Records how long a step took (seconds, wall clock). */
	public Provenance timing(final String step, final double seconds) {
		timing.put(step, seconds);
		return this;
	}

	public List<String> warnings() {
		return warnings;
	}

	public Map<String, Object> toMap() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("marrowj_version", version());
		m.put("java_version", System.getProperty("java.version"));
		m.put("parameters", parameters);
		m.put("inputs", inputs);
		m.put("methods", methods);
		m.put("warnings", warnings);
		if (!timing.isEmpty()) {
			m.put("created_utc", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
			m.put("timing", timing);
		}
		return m;
	}

	public String toJson() {
		return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create()
			.toJson(toMap()) + "\n";
	}

	public void write(final File file) throws IOException {
		AtomicFiles.writeText(file, toJson());
	}

	/**
	 * SHA-256 (lower-case hex) of a file's content; of a folder: of the lines "relative/path sha256\n"
	 * of every regular file below it, sorted by path; "missing" when the path does not exist.
	 */
	public static String sha256(final File f) throws IOException {
		if (!f.exists()) return "missing";
		if (f.isFile()) return hex(digestFile(f.toPath()));
		final Path root = f.toPath();
		final MessageDigest md = digest();
		for (final Path p : regularFiles(root))
			md.update((root.relativize(p).toString().replace(File.separatorChar, '/') + " " + hex(digestFile(p)) + "\n").getBytes(
				StandardCharsets.UTF_8));
		return hex(md.digest());
	}

	/** Every regular file below {@code root}, sorted by relative path. */
	private static List<Path> regularFiles(final Path root) throws IOException {
		try (Stream<Path> w = Files.walk(root)) {
			return w.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> root.relativize(p).toString())).collect(Collectors
				.toList());
		}
	}

	private static byte[] digestFile(final Path p) throws IOException {
		final MessageDigest md = digest();
		final byte[] buf = new byte[1 << 16];
		try (InputStream in = Files.newInputStream(p)) {
			for (int n; (n = in.read(buf)) > 0;)
				md.update(buf, 0, n);
		}
		return md.digest();
	}

	private static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String hex(final byte[] b) {
		final StringBuilder sb = new StringBuilder(b.length * 2);
		for (final byte x : b)
			sb.append(String.format("%02x", x & 0xff));
		return sb.toString();
	}
}
