package org.marrowj.pipeline;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

	/** Records an input file or folder (each regular file in a folder, non-recursive) with size and checksum. */
	public Provenance input(final String role, final File path) throws IOException {
		if (path == null) return this;
		final List<File> files = new ArrayList<>();
		if (path.isDirectory()) {
			final File[] list = path.listFiles(File::isFile);
			if (list != null) {
				Arrays.sort(list);
				files.addAll(Arrays.asList(list));
			}
		}
		else files.add(path);
		long total = 0;
		final MessageDigest all = sha256();
		for (final File f : files) {
			total += f.length();
			all.update(sha256(f).getBytes("UTF-8"));
		}
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("role", role);
		m.put("path", path.getPath());
		m.put("files", files.size());
		m.put("bytes", total);
		m.put("sha256", files.size() == 1 && !path.isDirectory() ? sha256(files.get(0)) : hex(all.digest()));
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

	/** SHA-256 of a file's bytes, lower-case hex. */
	public static String sha256(final File f) throws IOException {
		final MessageDigest md = sha256();
		try (InputStream in = Files.newInputStream(f.toPath())) {
			final byte[] buf = new byte[1 << 16];
			int n;
			while ((n = in.read(buf)) > 0)
				md.update(buf, 0, n);
		}
		return hex(md.digest());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String hex(final byte[] b) {
		final StringBuilder sb = new StringBuilder();
		for (final byte x : b)
			sb.append(String.format("%02x", x));
		return sb.toString();
	}
}
