package org.marrowj.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.Gson;

class ProvenanceTest {

	@Test
	void recordsInputsWithSizesAndChecksums(@TempDir final File dir) throws Exception {
		final File f = new File(dir, "a.txt");
		Files.write(f.toPath(), "abc".getBytes("UTF-8"));
		final Provenance p = new Provenance().parameter("margin_mm", 1.0).input("ct", f).warning("slice 3 skipped");
		final File out = new File(dir, "provenance.json");
		p.write(out);
		@SuppressWarnings("unchecked")
		final Map<String, Object> m = new Gson().fromJson(new String(Files.readAllBytes(out.toPath()), "UTF-8"), Map.class);
		@SuppressWarnings("unchecked")
		final Map<String, Object> in = ((List<Map<String, Object>>) m.get("inputs")).get(0);
		// FIPS 180-2 test vector for "abc"
		assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", in.get("sha256"));
		assertEquals(3.0, in.get("bytes"));
		assertEquals(1.0, ((Map<?, ?>) m.get("parameters")).get("margin_mm"));
		assertTrue(((List<?>) m.get("warnings")).contains("slice 3 skipped"));
	}

	/** A folder's checksum covers every file below it with its relative path, so renaming or moving a file changes it. */
	@Test
	void folderChecksumCoversRelativePathsAndContents(@TempDir final File dir) throws Exception {
		final File sub = new File(dir, "series/sub");
		sub.mkdirs();
		Files.write(new File(dir, "series/a.dcm").toPath(), "abc".getBytes("UTF-8"));
		Files.write(new File(sub, "b.dcm").toPath(), "abc".getBytes("UTF-8"));
		final String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
		final java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
		md.update(("a.dcm " + abc + "\nsub/b.dcm " + abc + "\n").getBytes("UTF-8"));
		final StringBuilder hex = new StringBuilder();
		for (final byte b : md.digest())
			hex.append(String.format("%02x", b & 0xff));
		assertEquals(hex.toString(), Provenance.sha256(new File(dir, "series")));
		final Map<String, Object> in = new Provenance().input("ct", new File(dir, "series")).toMap();
		@SuppressWarnings("unchecked")
		final Map<String, Object> rec = ((List<Map<String, Object>>) in.get("inputs")).get(0);
		assertEquals(2, rec.get("files"));
		assertEquals(6L, rec.get("bytes"));
		assertEquals("missing", Provenance.sha256(new File(dir, "nope")));
	}
}
