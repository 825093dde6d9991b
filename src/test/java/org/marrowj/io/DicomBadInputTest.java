package org.marrowj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.BadInputException;
import org.marrowj.SharedData;

/** Damaged and unusable input: every refusal names the file and the problem. */
class DicomBadInputTest {

	@TempDir
	Path tmp;

	private static File firstFile(final String dir) {
		final File[] f = SharedData.require(dir).listFiles();
		Arrays.sort(f);
		return f[0];
	}

	private static BadInputException refused(final File path) {
		return assertThrows(BadInputException.class, () -> DicomSeriesReader.read(path, null));
	}

	private static void assertNames(final BadInputException e, final File f, final String... words) {
		final String m = e.getMessage();
		assertTrue(m.startsWith(f.getPath() + ": "), m);
		for (final String w : words)
			assertTrue(m.contains(w), "'" + w + "' missing from: " + m);
	}

	@Test
	void truncatedFiles() throws IOException {
		final byte[] ct = Files.readAllBytes(firstFile(DicomSeriesReaderTest.CT).toPath());
		final byte[] pet = Files.readAllBytes(firstFile(DicomSeriesReaderTest.PET).toPath());
		int checked = 0;
		for (final byte[] full : new byte[][] { ct, pet }) {
			final List<Integer> lengths = new ArrayList<>(Arrays.asList(0, 1, 50, 131, 132, 133, 140, 200, full.length - 1, full.length - 2000));
			for (int n = 300; n < full.length - 512 * 1024 + 40000 && n < full.length; n += 173)
				lengths.add(n);
			for (final int n : lengths) {
				if (n < 0 || n >= full.length) continue;
				final File f = tmp.resolve("cut" + n + ".dcm").toFile();
				Files.write(f.toPath(), Arrays.copyOf(full, n));
				final BadInputException e = refused(f);
				assertNames(e, f, "truncated");
				checked++;
			}
		}
		assertTrue(checked > 100, "cut lengths checked: " + checked);
	}

	@Test
	void truncatedInsidePixelDataSaysHowMuchIsMissing() throws IOException {
		final File src = firstFile(DicomSeriesReaderTest.CT);
		final byte[] full = Files.readAllBytes(src.toPath());
		final File f = tmp.resolve("half.dcm").toFile();
		Files.write(f.toPath(), Arrays.copyOf(full, full.length - 1000));
		final BadInputException e = refused(f);
		assertNames(e, f, "truncated", "PixelData", "524288", String.valueOf(full.length - 1000));
	}

	@Test
	void textFileIsNotDicom() throws IOException {
		final File f = tmp.resolve("LICENSE").toFile();
		Files.write(f.toPath(), "Apache License\nVersion 2.0, January 2004\n".getBytes(StandardCharsets.US_ASCII));
		assertFalse(DicomFile.isDicom(f));
		assertNames(refused(f), f, "not a DICOM file");
		final File empty = tmp.resolve("empty.dcm").toFile();
		Files.write(empty.toPath(), new byte[0]);
		assertNames(refused(empty), empty, "truncated");
	}

	@Test
	void folderWithoutImages() throws IOException {
		final File dir = tmp.resolve("noimage").toFile();
		assertTrue(dir.mkdir());
		Files.write(new File(dir, "README.md").toPath(), "# data\n".getBytes(StandardCharsets.US_ASCII));
		Files.write(new File(dir, "LICENSE").toPath(), "MIT License\n".getBytes(StandardCharsets.US_ASCII));
		assertNames(refused(dir), dir, "no DICOM file", "2 other files");
		// a DICOM file whose data set stops right before its PixelData: DICOM, but no image
		final byte[] full = Files.readAllBytes(firstFile(DicomSeriesReaderTest.CT).toPath());
		final long pixelTag = DicomFile.readHeader(firstFile(DicomSeriesReaderTest.CT)).pixelDataOffset - 12;
		Files.write(new File(dir, "header-only.dcm").toPath(), Arrays.copyOf(full, (int) pixelTag));
		assertNames(refused(dir), dir, "no DICOM image", "1 DICOM file without PixelData");
		final File empty = tmp.resolve("empty").toFile();
		assertTrue(empty.mkdir());
		assertNames(refused(empty), empty, "empty folder");
	}

	@Test
	void folderWithTwoSeries() throws IOException {
		final File dir = tmp.resolve("mixed").toFile();
		assertTrue(dir.mkdir());
		final File[] ct = SharedData.require("petct-thigh-sts027/ct").listFiles();
		final File[] pet = SharedData.require(DicomSeriesReaderTest.PET).listFiles();
		Arrays.sort(ct);
		Arrays.sort(pet);
		for (int i = 0; i < 3; i++) {
			Files.copy(ct[i].toPath(), new File(dir, "ct" + i + ".dcm").toPath());
			Files.copy(pet[i].toPath(), new File(dir, "pt" + i + ".dcm").toPath());
		}
		Files.write(new File(dir, "README").toPath(), "notes\n".getBytes(StandardCharsets.US_ASCII));
		final String ctUid = DicomFile.readHeader(ct[0]).seriesInstanceUid();
		final String petUid = DicomFile.readHeader(pet[0]).seriesInstanceUid();
		final BadInputException e = refused(dir);
		assertNames(e, dir, "2 series", ctUid + " (CT, 'IBSI_1_STS_027_CT_image', 3 slices)", petUid + " (PT, 'PET WB_0', 3 slices)");
		assertEquals(3, DicomSeriesReader.read(dir, petUid).depth());
		assertEquals("CT", DicomSeriesReader.read(dir, ctUid).volume().modality());
		final BadInputException unknown = assertThrows(BadInputException.class, () -> DicomSeriesReader.read(dir, "1.2.3"));
		assertNames(unknown, dir, "no series with SeriesInstanceUID 1.2.3", ctUid, petUid);
	}

	/** The file with its (0002,0010) value replaced and the group length (0002,0000) adjusted. */
	static byte[] withTransferSyntax(final byte[] file, final String uid) {
		final ByteArrayOutputStream meta = new ByteArrayOutputStream();
		int p = 132;
		int groupLengthAt = -1;
		while ((file[p] & 0xFF | (file[p + 1] & 0xFF) << 8) == 0x0002) {
			final int elem = file[p + 2] & 0xFF | (file[p + 3] & 0xFF) << 8;
			final String vr = new String(file, p + 4, 2, StandardCharsets.US_ASCII);
			final boolean longVr = vr.equals("OB") || vr.equals("UN") || vr.equals("UT") || vr.equals("SQ");
			final int hdr = longVr ? 12 : 8;
			final int len = longVr ? (file[p + 8] & 0xFF | (file[p + 9] & 0xFF) << 8 | (file[p + 10] & 0xFF) << 16 | (file[p + 11] & 0xFF) << 24)
				: (file[p + 6] & 0xFF | (file[p + 7] & 0xFF) << 8);
			if (elem == 0x0010) {
				byte[] v = uid.getBytes(StandardCharsets.US_ASCII);
				if (v.length % 2 == 1) v = Arrays.copyOf(v, v.length + 1);
				meta.write(file, p, 6);
				meta.write(v.length & 0xFF);
				meta.write(v.length >> 8);
				meta.write(v, 0, v.length);
			}
			else {
				if (elem == 0x0000) groupLengthAt = meta.size() + 8;
				meta.write(file, p, hdr + len);
			}
			p += hdr + len;
		}
		final byte[] m = meta.toByteArray();
		final int groupLength = m.length - (groupLengthAt + 4);
		for (int i = 0; i < 4; i++)
			m[groupLengthAt + i] = (byte) (groupLength >> (8 * i));
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(file, 0, 132);
		out.write(m, 0, m.length);
		out.write(file, p, file.length - p);
		return out.toByteArray();
	}

	@Test
	void compressedTransferSyntaxIsRefusedWithAdvice() throws IOException {
		final File src = firstFile(DicomSeriesReaderTest.CT);
		final File f = tmp.resolve("j2k.dcm").toFile();
		Files.write(f.toPath(), withTransferSyntax(Files.readAllBytes(src.toPath()), "1.2.840.10008.1.2.4.90"));
		final DicomHeader h = DicomFile.readHeader(f); // the header itself is readable
		assertEquals("1.2.840.10008.1.2.4.90", h.transferSyntaxUid());
		assertEquals(512, h.rows());
		assertNames(refused(f), f, "1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", "dcmdjpeg", "gdcmconv --raw",
			"Bio-Formats");
		final File rle = tmp.resolve("rle.dcm").toFile();
		Files.write(rle.toPath(), withTransferSyntax(Files.readAllBytes(src.toPath()), "1.2.840.10008.1.2.5"));
		assertNames(refused(rle), rle, "1.2.840.10008.1.2.5", "RLE Lossless");
		// in a folder, the refusal names the file
		final File dir = tmp.resolve("series").toFile();
		assertTrue(dir.mkdir());
		final File[] all = SharedData.require(DicomSeriesReaderTest.CT).listFiles();
		for (int i = 0; i < 3; i++)
			Files.copy(all[i].toPath(), new File(dir, all[i].getName()).toPath());
		Files.copy(f.toPath(), new File(dir, "j2k.dcm").toPath());
		final BadInputException e = refused(dir);
		assertTrue(e.getMessage().startsWith(new File(dir, "j2k.dcm").getPath() + ": "), e.getMessage());
	}

	@Test
	void missingSliceIsReported() throws IOException {
		final File src = SharedData.require(DicomSeriesReaderTest.CT);
		final DicomSeries whole = DicomSeriesReader.read(src, null);
		final File dir = tmp.resolve("gap").toFile();
		assertTrue(dir.mkdir());
		final String dropped = whole.header(10).file().getName();
		for (final File f : src.listFiles())
			if (!f.getName().equals(dropped)) Files.copy(f.toPath(), new File(dir, f.getName()).toPath());
		final DicomSeries s = DicomSeriesReader.read(dir, null);
		assertEquals(19, s.depth());
		assertEquals(2.0, s.volume().geometry().spacing(2), 1e-9);
		final String w = String.join("\n", s.warnings());
		assertTrue(w.contains("missing slices between slices 9 and 10"), w);
		assertTrue(w.contains("gap of 4.000 mm = 2 x 2.000 mm, 1 slice missing"), w);
		assertTrue(w.contains("non-uniform slice spacing: min 2.000 mm, max 4.000 mm"), w);
	}

	@Test
	void duplicatePositionsAreRefused() throws IOException {
		final File[] all = SharedData.require(DicomSeriesReaderTest.PET).listFiles();
		Arrays.sort(all);
		final File dir = tmp.resolve("dup").toFile();
		assertTrue(dir.mkdir());
		for (int i = 0; i < 3; i++)
			Files.copy(all[i].toPath(), new File(dir, all[i].getName()).toPath());
		// a second instance at the same position (another SOPInstanceUID)
		final byte[] b = Files.readAllBytes(all[1].toPath());
		final String uid = DicomFile.readHeader(all[1]).getString(DicomTag.SOP_INSTANCE_UID);
		final byte[] u = uid.getBytes(StandardCharsets.US_ASCII);
		final String s = new String(b, StandardCharsets.ISO_8859_1);
		int at = s.indexOf(uid, 300);
		assertTrue(at > 0);
		b[at + u.length - 1] = (byte) (u[u.length - 1] == '1' ? '2' : '1');
		Files.write(new File(dir, "copy.dcm").toPath(), b);
		assertNames(refused(dir), dir, "duplicate slice positions");
		// the very same instance twice is dropped with a warning
		Files.delete(new File(dir, "copy.dcm").toPath());
		Files.copy(all[1].toPath(), new File(dir, "same.dcm").toPath());
		final DicomSeries ok = DicomSeriesReader.read(dir, null);
		assertEquals(3, ok.depth());
		assertTrue(ok.warnings().get(0).contains("duplicate copy"), ok.warnings().toString());
	}

	@Test
	void hugeRowsAreRefusedBeforeAllocation() throws IOException {
		final File src = firstFile(DicomSeriesReaderTest.PET);
		final byte[] b = Files.readAllBytes(src.toPath());
		// Rows (0028,0010) US 2 in Implicit VR: 28 00 10 00 02 00 00 00 80 00
		final byte[] rowsTag = { 0x28, 0x00, 0x10, 0x00, 0x02, 0x00, 0x00, 0x00, (byte) 0x80, 0x00 };
		final int at = indexOf(b, rowsTag);
		assertTrue(at > 0);
		b[at + 8] = (byte) 0xFF;
		b[at + 9] = (byte) 0xFF;
		final File f = tmp.resolve("huge.dcm").toFile();
		Files.write(f.toPath(), b);
		assertNames(refused(f), f, "bad length", "PixelData holds 32768 bytes", "128 x 65535");
		// and the allocation check itself, for dimensions no plane can hold
		final BadInputException e = assertThrows(BadInputException.class,
			() -> Limits.checkAllocation("big.nii", new long[] { 65535, 65535, 1000 }, 4));
		assertTrue(e.getMessage().startsWith("big.nii: image of 65535x65535x1000 voxels"), e.getMessage());
		final BadInputException e2 = assertThrows(BadInputException.class, () -> Limits.checkAllocation("big.nii", 1L << 40, 4));
		assertTrue(e2.getMessage().startsWith("big.nii: image of 1099511627776 voxels needs 4096.0 GB"), e2.getMessage());
		Limits.checkAllocation("small.nii", new long[] { 10, 10, 10 }, 4);
	}

	private static int indexOf(final byte[] b, final byte[] pat) {
		outer: for (int i = 0; i + pat.length <= b.length; i++) {
			for (int k = 0; k < pat.length; k++)
				if (b[i + k] != pat[k]) continue outer;
			return i;
		}
		return -1;
	}
}
