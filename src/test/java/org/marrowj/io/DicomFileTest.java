package org.marrowj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.BadInputException;
import org.marrowj.image.Volume;

/** The parser on small files written here byte by byte, so that every value is known exactly. */
class DicomFileTest {

	@TempDir
	Path tmp;

	/** Writes DICOM data elements in one encoding. */
	static final class W {

		final boolean explicit, be;
		final ByteArrayOutputStream out = new ByteArrayOutputStream();

		W(final boolean explicit, final boolean be) {
			this.explicit = explicit;
			this.be = be;
		}

		void u16(final int v) {
			if (be) {
				out.write(v >> 8);
				out.write(v);
			}
			else {
				out.write(v);
				out.write(v >> 8);
			}
		}

		void u32(final long v) {
			if (be) {
				u16((int) (v >>> 16));
				u16((int) v);
			}
			else {
				u16((int) v);
				u16((int) (v >>> 16));
			}
		}

		void tag(final int tag) {
			u16(tag >>> 16);
			u16(tag & 0xFFFF);
		}

		W el(final int tag, final String vr, final byte[] v, final long len) {
			tag(tag);
			if (explicit) {
				out.write(vr.charAt(0));
				out.write(vr.charAt(1));
				if (Arrays.asList("OB", "OW", "SQ", "UN", "UT").contains(vr)) {
					u16(0);
					u32(len);
				}
				else u16((int) len);
			}
			else u32(len);
			if (v != null) out.write(v, 0, v.length);
			return this;
		}

		W str(final int tag, final String vr, final String s) {
			byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
			if (b.length % 2 == 1) {
				b = Arrays.copyOf(b, b.length + 1);
				b[b.length - 1] = (byte) (vr.equals("UI") ? 0 : ' ');
			}
			return el(tag, vr, b, b.length);
		}

		W us(final int tag, final int v) {
			final W t = new W(false, be);
			t.u16(v);
			return el(tag, "US", t.out.toByteArray(), 2);
		}

		W fd(final int tag, final double v) {
			final W t = new W(false, be);
			final long bits = Double.doubleToLongBits(v);
			if (be) {
				t.u32(bits >>> 32);
				t.u32(bits);
			}
			else {
				t.u32(bits);
				t.u32(bits >>> 32);
			}
			return el(tag, "FD", t.out.toByteArray(), 8);
		}

		/** A sequence of undefined length whose items have undefined length. */
		W seqUndefined(final int tag, final W... items) {
			el(tag, "SQ", null, 0xFFFFFFFFL);
			for (final W item : items) {
				tag(DicomTag.ITEM);
				u32(0xFFFFFFFFL);
				final byte[] b = item.out.toByteArray();
				out.write(b, 0, b.length);
				tag(DicomTag.ITEM_DELIMITATION);
				u32(0);
			}
			tag(DicomTag.SEQUENCE_DELIMITATION);
			u32(0);
			return this;
		}

		/** A sequence of defined length whose items have defined length ({@code extra} added to the first item's length). */
		W seqDefined(final int tag, final int extra, final W... items) {
			final W body = new W(explicit, be);
			boolean first = true;
			for (final W item : items) {
				final byte[] b = item.out.toByteArray();
				body.tag(DicomTag.ITEM);
				body.u32(b.length + (first ? extra : 0));
				body.out.write(b, 0, b.length);
				first = false;
			}
			final byte[] b = body.out.toByteArray();
			return el(tag, "SQ", b, b.length);
		}

		W pixels16(final int[] v) {
			final W t = new W(false, be);
			for (final int x : v)
				t.u16(x);
			final byte[] b = t.out.toByteArray();
			return el(DicomTag.PIXEL_DATA, "OW", b, b.length);
		}

		byte[] bytes() {
			return out.toByteArray();
		}
	}

	static byte[] part10(final String ts, final byte[] dataset) {
		final W meta = new W(true, false);
		meta.el(0x00020001, "OB", new byte[] { 0, 1 }, 2);
		meta.str(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.128");
		meta.str(DicomTag.TRANSFER_SYNTAX_UID, "UI", ts);
		final byte[] m = meta.bytes();
		final W all = new W(true, false);
		all.out.write(new byte[128], 0, 128);
		all.out.write('D');
		all.out.write('I');
		all.out.write('C');
		all.out.write('M');
		final W gl = new W(false, false);
		gl.u32(m.length);
		all.el(0x00020000, "UL", gl.bytes(), 4);
		all.out.write(m, 0, m.length);
		all.out.write(dataset, 0, dataset.length);
		return all.bytes();
	}

	/** A 3x2 PET slice with a radiopharmaceutical sequence (nested, undefined lengths) and Philips private tags. */
	static W petSlice(final boolean explicit, final boolean be, final int bitsStored, final int highBit, final int pixelRep, final int[] pixels) {
		final W w = new W(explicit, be);
		final W nuc = new W(explicit, be).str(0x00080104, "LO", "^18^Fluorine");
		final W rp = new W(explicit, be).str(DicomTag.RADIOPHARMACEUTICAL_START_TIME, "TM", "113900.00")
			.str(DicomTag.RADIONUCLIDE_TOTAL_DOSE, "DS", "381470000").str(DicomTag.RADIONUCLIDE_HALF_LIFE, "DS", "6586.2 ")
			.seqUndefined(0x00540300, nuc);
		w.str(DicomTag.SOP_INSTANCE_UID, "UI", "1.2.3.4.5").str(DicomTag.SERIES_DATE, "DA", "20200102")
			.str(DicomTag.SERIES_TIME, "TM", "101500").str(DicomTag.ACQUISITION_DATE, "DA", "20200102")
			.str(DicomTag.ACQUISITION_TIME, "TM", "101010.5").str(DicomTag.MODALITY, "CS", "PT")
			.str(DicomTag.PATIENT_WEIGHT, "DS", "70.5").str(DicomTag.SERIES_INSTANCE_UID, "UI", "1.2.3.4")
			.str(DicomTag.IMAGE_POSITION_PATIENT, "DS", "-10\\-20\\30.5").str(DicomTag.IMAGE_ORIENTATION_PATIENT, "DS", "1\\0\\0\\0\\1\\0")
			.us(DicomTag.SAMPLES_PER_PIXEL, 1).us(DicomTag.ROWS, 2).us(DicomTag.COLUMNS, 3).str(DicomTag.PIXEL_SPACING, "DS", "4\\2")
			.us(DicomTag.BITS_ALLOCATED, 16).us(DicomTag.BITS_STORED, bitsStored).us(DicomTag.HIGH_BIT, highBit)
			.us(DicomTag.PIXEL_REPRESENTATION, pixelRep).str(DicomTag.RESCALE_INTERCEPT, "DS", "0.5").str(DicomTag.RESCALE_SLOPE, "DS", "2")
			.seqUndefined(DicomTag.RADIOPHARMACEUTICAL_INFORMATION_SEQUENCE, rp).str(DicomTag.UNITS, "CS", "CNTS")
			.str(0x70530010, "LO", "Philips PET Private Group").str(0x70531000, explicit ? "DS" : "UN", "0.000551").pixels16(pixels);
		return w;
	}

	private File write(final String name, final byte[] b) throws IOException {
		final File f = tmp.resolve(name).toFile();
		Files.write(f.toPath(), b);
		return f;
	}

	private static float[] decode(final DicomHeader h) {
		final float[] v = new float[h.rows() * h.columns()];
		DicomFile.readPixels(h, v, 1, 0);
		return v;
	}

	@Test
	void rawImplicitWithoutPreambleMaskAndSignExtension() throws IOException {
		// 12 bits stored in bits 0..11, signed: the high nibble is garbage
		final int[] px = { 0x0FFF, 0x0800, 0x07FF, 0xF123, 0x0000, 0xA001 };
		final File f = write("raw", petSlice(false, false, 12, 11, 1, px).bytes());
		assertTrue(DicomFile.isDicom(f));
		final DicomHeader h = DicomFile.readHeader(f);
		assertEquals(TransferSyntax.IMPLICIT_LE, h.transferSyntaxUid());
		assertEquals(false, h.hasPreamble());
		assertArrayEquals(new float[] { -1, -2048, 2047, 0x123, 0, 1 }, decode(h));
		assertArrayEquals(new double[] { -10, -20, 30.5 }, h.getDoubles(0x00200032), 0);
		assertArrayEquals(new double[] { 4, 2 }, h.getDoubles(DicomTag.PIXEL_SPACING), 0);
		assertEquals(3, h.getInt(DicomTag.COLUMNS, 0));
		assertEquals("PT", h.getString(DicomTag.MODALITY));
		final DicomDataset rp = h.getItem(DicomTag.RADIOPHARMACEUTICAL_INFORMATION_SEQUENCE, 0);
		assertEquals(381470000, rp.getDouble(DicomTag.RADIONUCLIDE_TOTAL_DOSE, 0), 0);
		assertEquals("^18^Fluorine", rp.getItem(0x00540300, 0).getString(0x00080104));
		assertEquals(rp, h.findContaining(DicomTag.RADIONUCLIDE_HALF_LIFE));
		final PetInfo p = PetInfo.of(Arrays.asList(h));
		assertEquals(6586.2, p.radionuclideHalfLife_s, 0);
		assertEquals("113900.00", p.radiopharmaceuticalStartTime);
		assertEquals(0.000551, p.philipsSuvScaleFactor, 0);
		assertNull(p.philipsActivityConcentrationScaleFactor);
		assertEquals(70.5, p.patientWeight_kg, 0);
		assertEquals("20200102101010.5", p.acquisitionDateTime);
		assertEquals("CNTS", p.units);
	}

	@Test
	void unsignedHighBitNotAtTop() throws IOException {
		// 10 bits stored in bits 2..11 (HighBit 11), unsigned
		final int[] px = { 0x0FFC, 0x0004, 0xF003, 0x0800, 0x0400, 0x0000 };
		final DicomHeader h = DicomFile.readHeader(write("hb", part10(TransferSyntax.IMPLICIT_LE, petSlice(false, false, 10, 11, 0, px).bytes())));
		assertArrayEquals(new float[] { 1023, 1, 0, 512, 256, 0 }, decode(h));
	}

	@Test
	void explicitBigEndianAndSeriesValues() throws IOException {
		final int[] px = { 0xFFFB, 300, 0, 0x8000, 0x7FFF, 1 };
		final W w = petSlice(true, true, 16, 15, 1, px);
		final byte[] ds = w.bytes();
		final W extra = new W(true, true).fd(0x00189999, 0.1 + 0.2);
		final File f = write("be.dcm", part10(TransferSyntax.EXPLICIT_BE, ds));
		final DicomHeader h = DicomFile.readHeader(f);
		assertTrue(h.isBigEndian() && h.isExplicitVr());
		assertEquals(2, h.rows());
		assertArrayEquals(new float[] { -5, 300, 0, -32768, 32767, 1 }, decode(h));
		assertEquals("^18^Fluorine",
			h.getItem(DicomTag.RADIOPHARMACEUTICAL_INFORMATION_SEQUENCE, 0).getItem(0x00540300, 0).getString(0x00080104));
		// a big-endian FD value
		final File g = write("be2.dcm", part10(TransferSyntax.EXPLICIT_BE, concat(extra.bytes(), ds)));
		assertEquals(0.1 + 0.2, DicomFile.readHeader(g).getDouble(0x00189999, 0), 0);

		// a one-file series: values = stored x 2 + 0.5, CNTS kept as counts, geometry from the header
		final DicomSeries s = DicomSeriesReader.read(f, null);
		assertEquals("counts", s.volume().valueUnit());
		assertEquals(2.0 * -5 + 0.5, s.image().getPlane(0).getCurrentStorageArray()[0], 0);
		assertEquals(2, s.volume().geometry().spacing(0), 0); // PixelSpacing[1]: between columns
		assertEquals(4, s.volume().geometry().spacing(1), 0); // PixelSpacing[0]: between rows
		assertArrayEquals(new double[] { -10, -20, 30.5 }, s.volume().geometry().origin(), 0);
	}

	@Test
	void deflatedExplicitLittleEndian() throws IOException {
		final int[] px = { 1, 2, 3, 4, 5, 65535 };
		final byte[] ds = petSlice(true, false, 16, 15, 0, px).bytes();
		final Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		d.setInput(ds);
		d.finish();
		final byte[] buf = new byte[ds.length + 1024];
		final int n = d.deflate(buf);
		d.end();
		final File f = write("deflated.dcm", part10(TransferSyntax.DEFLATED_LE, Arrays.copyOf(buf, n)));
		final DicomHeader h = DicomFile.readHeader(f);
		assertEquals("Deflated Explicit VR Little Endian", h.transferSyntaxName());
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 65535 }, decode(h));
		assertEquals(381470000, h.getItem(DicomTag.RADIOPHARMACEUTICAL_INFORMATION_SEQUENCE, 0).getDouble(DicomTag.RADIONUCLIDE_TOTAL_DOSE, 0), 0);
		// cut deflate stream
		final File cut = write("cut.dcm", Arrays.copyOf(Files.readAllBytes(f.toPath()), (int) f.length() - n / 2));
		final BadInputException e = assertThrows(BadInputException.class, () -> DicomFile.readHeader(cut));
		assertTrue(e.getMessage().startsWith(cut.getPath() + ": "), e.getMessage());
	}

	@Test
	void definedLengthSequencesAndBadItemLength() throws IOException {
		final W inner = new W(true, false).str(0x00080100, "SH", "F-10450");
		final W item = new W(true, false).str(0x00080104, "LO", "recumbent").seqDefined(0x00540412, 0, inner);
		final W ok = new W(true, false).str(DicomTag.MODALITY, "CS", "MR").seqDefined(0x00540410, 0, item).us(DicomTag.ROWS, 1);
		final DicomHeader h = DicomFile.readHeader(write("seq.dcm", part10(TransferSyntax.EXPLICIT_LE, ok.bytes())));
		assertEquals("F-10450", h.getItem(0x00540410, 0).getItem(0x00540412, 0).getString(0x00080100));
		assertEquals(1, h.rows());
		assertEquals("MR", h.modality());
		// an item claiming 2 bytes more than its sequence holds
		final W bad = new W(true, false).str(DicomTag.MODALITY, "CS", "MR").seqDefined(0x00540410, 2, item).us(DicomTag.ROWS, 1);
		final File f = write("badseq.dcm", part10(TransferSyntax.EXPLICIT_LE, bad.bytes()));
		final BadInputException e = assertThrows(BadInputException.class, () -> DicomFile.readHeader(f));
		assertTrue(e.getMessage().startsWith(f.getPath() + ": bad length"), e.getMessage());
	}

	@Test
	void colourAndMultiFrameAreRefused() throws IOException {
		final W w = new W(true, false).us(DicomTag.SAMPLES_PER_PIXEL, 3).us(DicomTag.ROWS, 1).us(DicomTag.COLUMNS, 1)
			.us(DicomTag.BITS_ALLOCATED, 8).el(DicomTag.PIXEL_DATA, "OB", new byte[4], 4);
		final File c = write("colour.dcm", part10(TransferSyntax.EXPLICIT_LE, w.bytes()));
		BadInputException e = assertThrows(BadInputException.class, () -> DicomSeriesReader.read(c, null));
		assertTrue(e.getMessage().startsWith(c.getPath() + ": SamplesPerPixel 3"), e.getMessage());
		final W mf = new W(true, false).str(DicomTag.NUMBER_OF_FRAMES, "IS", "4").us(DicomTag.ROWS, 1).us(DicomTag.COLUMNS, 1)
			.us(DicomTag.BITS_ALLOCATED, 8).el(DicomTag.PIXEL_DATA, "OB", new byte[4], 4);
		final File m = write("mf.dcm", part10(TransferSyntax.EXPLICIT_LE, mf.bytes()));
		e = assertThrows(BadInputException.class, () -> DicomSeriesReader.read(m, null));
		assertTrue(e.getMessage().contains("multi-frame"), e.getMessage());
	}

	@Test
	void otherModalitiesHaveNoUnitAndAreNotHU() throws IOException {
		final W w = new W(true, false).str(DicomTag.MODALITY, "CS", "MR").us(DicomTag.ROWS, 1).us(DicomTag.COLUMNS, 2)
			.us(DicomTag.BITS_ALLOCATED, 8).el(DicomTag.PIXEL_DATA, "OB", new byte[] { 7, (byte) 200 }, 2);
		final DicomSeries s = DicomSeriesReader.read(write("mr.dcm", part10(TransferSyntax.EXPLICIT_LE, w.bytes())), null);
		assertEquals(Volume.UNKNOWN, s.volume().valueUnit());
		assertEquals("MR", s.volume().modality());
		assertArrayEquals(new float[] { 7, 200 }, s.image().getPlane(0).getCurrentStorageArray(), 0);
		final BadInputException e = assertThrows(BadInputException.class, () -> Volumes.requireHU(s.volume(), "ct"));
		assertEquals("ct: is MR, not CT: no Hounsfield units", e.getMessage());
		assertTrue(String.join(" ", s.warnings()).contains("ImageOrientationPatient"));
	}

	@Test
	void badNumbersNameTheTag() throws IOException {
		final W w = new W(true, false).str(DicomTag.PATIENT_WEIGHT, "DS", "70kg");
		final DicomHeader h = DicomFile.readHeader(write("w.dcm", part10(TransferSyntax.EXPLICIT_LE, w.bytes())));
		final BadInputException e = assertThrows(BadInputException.class, () -> h.getDouble(DicomTag.PATIENT_WEIGHT, 0));
		assertTrue(e.getMessage().contains("PatientWeight (0010,1030) is not a number: '70kg'"), e.getMessage());
	}

	private File ctSlice(final File dir, final int i, final double[] ipp) throws IOException {
		final W w = new W(true, false).str(DicomTag.SOP_INSTANCE_UID, "UI", "1.2.3." + i).str(DicomTag.MODALITY, "CS", "CT")
			.str(DicomTag.SERIES_INSTANCE_UID, "UI", "1.2.9").str(DicomTag.IMAGE_POSITION_PATIENT, "DS", ipp[0] + "\\" + ipp[1] + "\\" + ipp[2])
			.str(DicomTag.IMAGE_ORIENTATION_PATIENT, "DS", "1\\0\\0\\0\\1\\0").us(DicomTag.ROWS, 1).us(DicomTag.COLUMNS, 2)
			.str(DicomTag.PIXEL_SPACING, "DS", "0.5\\0.5").us(DicomTag.BITS_ALLOCATED, 16).us(DicomTag.PIXEL_REPRESENTATION, 1)
			.str(DicomTag.RESCALE_INTERCEPT, "DS", "-1024").pixels16(new int[] { i, 1000 });
		final File f = new File(dir, "s" + i + ".dcm");
		Files.write(f.toPath(), part10(TransferSyntax.EXPLICIT_LE, w.bytes()));
		return f;
	}

	@Test
	void gantryTiltGivesAShearedGridThroughEverySlice() throws IOException {
		final File dir = tmp.resolve("tilt").toFile();
		assertTrue(dir.mkdir());
		// written in reverse order: slice i at y = 0.5 i, z = 2 i
		for (int i = 3; i >= 0; i--)
			ctSlice(dir, i, new double[] { 0, 0.5 * i, 2 * i });
		final DicomSeries s = DicomSeriesReader.read(dir, null);
		final String w = String.join("\n", s.warnings());
		assertTrue(w.contains("gantry tilt of 14.04 degrees"), w);
		final org.marrowj.image.Geometry g = s.volume().geometry();
		assertEquals(2 * Math.sqrt(1 + 0.25 * 0.25), g.spacing(2), 1e-12);
		for (int z = 0; z < 4; z++) {
			assertArrayEquals(new double[] { 0, 0.5 * z, 2 * z }, g.indexToWorld(0, 0, z), 1e-12);
			assertEquals(z - 1024, s.image().getPlane(z).getCurrentStorageArray()[0], 0);
		}
		assertArrayEquals(new double[] { 0.5, 0.5, 2 * Math.sqrt(1.0625) }, g.spacing(), 1e-12);
		// a slice off the line is refused
		ctSlice(dir, 4, new double[] { 3, 2, 8 });
		final BadInputException e = assertThrows(BadInputException.class, () -> DicomSeriesReader.read(dir, null));
		assertTrue(e.getMessage().startsWith(dir.getPath() + ": the slices do not lie on a line"), e.getMessage());
	}

	private static byte[] concat(final byte[] a, final byte[] b) {
		final byte[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}
}
