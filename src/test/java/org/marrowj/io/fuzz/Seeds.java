package org.marrowj.io.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;

import org.marrowj.SharedData;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;
import org.marrowj.io.Nifti;

/**
 * The valid files mutations start from: small synthetic NIfTI files written by {@link Nifti#write},
 * small synthetic DICOM slices (explicit and implicit VR, nested sequences), and, when the shared
 * real data is present, real CT and PET slices and the TotalSegmentator NIfTI. Every seed is
 * built the same way on every run, so a recipe replays to the same bytes.
 */
final class Seeds {

	enum Format { NIFTI, DICOM }

	static final class Seed {
		final String name;
		final Format format;
		final byte[] bytes;
		/** Unmutated neighbouring slices of the same series (DICOM only). */
		final List<byte[]> neighbours;
		final DicomLayout layout;
		/** Where the data set starts in a seed whose data set every recipe deflates last, else -1. */
		int deflateAt = -1;

		Seed(final String name, final Format format, final byte[] bytes, final List<byte[]> neighbours) {
			this.name = name;
			this.format = format;
			this.bytes = bytes;
			this.neighbours = neighbours;
			this.layout = format == Format.DICOM ? DicomLayout.of(bytes) : null;
		}
	}

	final Map<String, Seed> byName = new LinkedHashMap<>();
	/** Real data seeds that were wanted but absent. */
	final List<String> missing = new ArrayList<>();

	/** All seeds; real ones only when the shared data is present. */
	static Seeds load(final Path tmp) throws IOException {
		final Seeds s = new Seeds();
		s.add(new Seed("nii-int16", Format.NIFTI, niftiBytes(tmp, "int16", 7, 5, 4), null));
		s.add(new Seed("nii-float32", Format.NIFTI, niftiBytes(tmp, "float32", 6, 4, 3), null));
		s.add(new Seed("nii-uint8", Format.NIFTI, niftiBytes(tmp, "uint8", 9, 8, 2), null));
		s.add(new Seed("nii-float64", Format.NIFTI, niftiBytes(tmp, "float64", 3, 3, 5), null));
		for (final boolean explicit : new boolean[] { true, false }) {
			final List<byte[]> n = Arrays.asList(SyntheticDicom.slice(explicit, 1), SyntheticDicom.slice(explicit, 2));
			s.add(new Seed(explicit ? "dcm-syn-explicit" : "dcm-syn-implicit", Format.DICOM, SyntheticDicom.slice(explicit, 0), n));
		}
		final Seed deflated = new Seed("dcm-syn-deflated", Format.DICOM, SyntheticDicom.slice(SyntheticDicom.DEFLATED, 0), null);
		deflated.deflateAt = SyntheticDicom.part10("1.2.840.10008.1.2.1.99", new byte[0]).length;
		s.add(deflated);
		final File ts = new File(SharedData.root(), "ct-dicom-siemens-t11-t12/totalsegmentator-labels.nii.gz");
		if (ts.isFile()) s.add(new Seed("nii-totalseg", Format.NIFTI, gunzip(ts), null));
		else s.missing.add(ts.getPath());
		s.dicomFolder("dcm-pet", "pet-dicom-wholebody-fdg/dicom", 100);
		s.dicomFolder("dcm-sts-pet", "petct-thigh-sts027/pet", 40);
		s.dicomFolder("dcm-sts-ct", "petct-thigh-sts027/ct", 40);
		s.dicomFolder("dcm-ct", "ct-dicom-siemens-t11-t12/dicom", 5);
		return s;
	}

	void add(final Seed seed) {
		byName.put(seed.name, seed);
	}

	/** Three consecutive slices of a real series: the first is the seed, the others its neighbours. */
	private void dicomFolder(final String name, final String relative, final int first) throws IOException {
		final File dir = new File(SharedData.root(), relative);
		final File[] files = dir.listFiles();
		if (files == null || files.length < first + 3) {
			missing.add(dir.getPath());
			return;
		}
		Arrays.sort(files);
		add(new Seed(name, Format.DICOM, Files.readAllBytes(files[first].toPath()),
			Arrays.asList(Files.readAllBytes(files[first + 1].toPath()), Files.readAllBytes(files[first + 2].toPath()))));
	}

	Seed get(final String name) {
		return byName.get(name);
	}

	List<Seed> of(final Format f) {
		final List<Seed> r = new ArrayList<>();
		for (final Seed s : byName.values())
			if (s.format == f) r.add(s);
		return r;
	}

	private static byte[] gunzip(final File f) throws IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(f.toPath()))) {
			final ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toByteArray();
		}
	}

	/** A small oblique volume with distinct values, written by {@link Nifti#write} uncompressed. */
	private static byte[] niftiBytes(final Path tmp, final String type, final int nx, final int ny, final int nz) throws IOException {
		final Img<? extends RealType<?>> img;
		switch (type) {
			case "int16": img = ArrayImgs.shorts(nx, ny, nz); break;
			case "float32": img = ArrayImgs.floats(nx, ny, nz); break;
			case "uint8": img = ArrayImgs.unsignedBytes(nx, ny, nz); break;
			default: img = ArrayImgs.doubles(nx, ny, nz);
		}
		int i = 0;
		for (final Cursor<? extends RealType<?>> c = img.cursor(); c.hasNext(); i++)
			c.next().setReal(type.equals("uint8") ? i % 7 : i * 3 - 40.25 * (type.startsWith("float") ? 1 : 0) - 20);
		final double a = Math.toRadians(20);
		final Geometry g = new Geometry(new double[] { 0.8, 1.25, 2.5 }, new double[] { -12.5, 30, 7 },
			new double[] { Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1 });
		@SuppressWarnings({ "rawtypes", "unchecked" })
		final Volume<?> v = new Volume(img, g, type.equals("uint8") ? Volume.LABEL : Volume.HU, "CT", null);
		final File f = tmp.resolve("seed-" + type + ".nii").toFile();
		Nifti.write(v, f);
		final byte[] b = Files.readAllBytes(f.toPath());
		Files.delete(f.toPath());
		return b;
	}

	/** Tiny DICOM CT slices written element by element (little endian, explicit or implicit VR). */
	static final class SyntheticDicom {

		private final boolean explicit;
		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private SyntheticDicom(final boolean explicit) {
			this.explicit = explicit;
		}

		private void u16(final int v) {
			out.write(v);
			out.write(v >> 8);
		}

		private void u32(final long v) {
			u16((int) v & 0xFFFF);
			u16((int) (v >>> 16) & 0xFFFF);
		}

		private SyntheticDicom el(final int tag, final String vr, final byte[] v, final long len) {
			u16(tag >>> 16);
			u16(tag & 0xFFFF);
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

		private SyntheticDicom str(final int tag, final String vr, final String s) {
			byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
			if (b.length % 2 == 1) b = Arrays.copyOf(b, b.length + 1);
			if (b.length > s.length()) b[b.length - 1] = (byte) (vr.equals("UI") ? 0 : ' ');
			return el(tag, vr, b, b.length);
		}

		private SyntheticDicom us(final int tag, final int v) {
			return el(tag, "US", new byte[] { (byte) v, (byte) (v >> 8) }, 2);
		}

		private byte[] bytes() {
			return out.toByteArray();
		}

		/** The explicit VR data set of {@link #slice(boolean, int)} under a Deflated transfer syntax, not yet deflated. */
		static final Boolean DEFLATED = null;

		static byte[] slice(final boolean explicit, final int index) {
			return slice(Boolean.valueOf(explicit), index);
		}

		/**
		 * Slice {@code index} (z = 2.5 x index) of an 8x6 CT series; nested sequences of defined and undefined length.
		 *
		 * @param explicitVr true, false, or {@link #DEFLATED}
		 */
		static byte[] slice(final Boolean explicitVr, final int index) {
			final boolean explicit = explicitVr == null || explicitVr;
			final SyntheticDicom inner = new SyntheticDicom(explicit).str(0x00080100, "SH", "T-11501").str(0x00080104, "LO", "marrow");
			final SyntheticDicom innerItem = new SyntheticDicom(explicit);
			final byte[] ib = inner.bytes();
			innerItem.u32(0xE000FFFEL);
			innerItem.u32(ib.length);
			innerItem.out.write(ib, 0, ib.length);
			final SyntheticDicom item = new SyntheticDicom(explicit).str(0x00180015, "CS", "SPINE");
			final byte[] nested = innerItem.bytes();
			item.el(0x00082218, "SQ", nested, nested.length);

			final SyntheticDicom d = new SyntheticDicom(explicit);
			d.str(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2").str(0x00080018, "UI", "1.2.826.0.1.3680043.99." + (index + 1))
				.str(0x00080060, "CS", "CT").str(0x00180050, "DS", "2.5");
			// an undefined-length sequence with one undefined-length item
			d.el(0x00400260, "SQ", null, 0xFFFFFFFFL);
			d.u32(0xE000FFFEL);
			d.u32(0xFFFFFFFFL);
			final byte[] itb = item.bytes();
			d.out.write(itb, 0, itb.length);
			d.u32(0xE00DFFFEL);
			d.u32(0);
			d.u32(0xE0DDFFFEL);
			d.u32(0);
			d.str(0x0020000E, "UI", "1.2.826.0.1.3680043.99.0").str(0x00200013, "IS", Integer.toString(index + 1))
				.str(0x00200032, "DS", "-10\\-20.5\\" + (2.5 * index)).str(0x00200037, "DS", "1\\0\\0\\0\\1\\0")
				.us(0x00280002, 1).str(0x00280004, "CS", "MONOCHROME2").str(0x00280008, "IS", "1").us(0x00280010, 6).us(0x00280011, 8)
				.str(0x00280030, "DS", "0.75\\0.5").us(0x00280100, 16).us(0x00280101, 12).us(0x00280102, 11).us(0x00280103, 1)
				.str(0x00281052, "DS", "-1024").str(0x00281053, "DS", "1");
			final byte[] px = new byte[8 * 6 * 2];
			for (int i = 0; i < 48; i++) {
				final int v = (i * 37 + index * 11) % 2048 - 100;
				px[2 * i] = (byte) v;
				px[2 * i + 1] = (byte) ((v >> 8) & 0x0F | (v < 0 ? 0xF0 : 0));
			}
			d.el(0x7FE00010, "OW", px, px.length);
			return part10(explicitVr == null ? "1.2.840.10008.1.2.1.99" : explicit ? "1.2.840.10008.1.2.1" : "1.2.840.10008.1.2", d.bytes());
		}

		static byte[] part10(final String ts, final byte[] dataset) {
			final SyntheticDicom meta = new SyntheticDicom(true);
			meta.el(0x00020001, "OB", new byte[] { 0, 1 }, 2);
			meta.str(0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.2");
			meta.str(0x00020010, "UI", ts);
			final byte[] m = meta.bytes();
			final SyntheticDicom all = new SyntheticDicom(true);
			all.out.write(new byte[128], 0, 128);
			all.out.write(new byte[] { 'D', 'I', 'C', 'M' }, 0, 4);
			all.el(0x00020000, "UL", new byte[] { (byte) m.length, (byte) (m.length >> 8), 0, 0 }, 4);
			all.out.write(m, 0, m.length);
			all.out.write(dataset, 0, dataset.length);
			return all.bytes();
		}
	}
}
