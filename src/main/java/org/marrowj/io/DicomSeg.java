package org.marrowj.io;

import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.marrowj.BadInputException;
import org.marrowj.image.Geometry;
import org.marrowj.image.LabelTable;
import org.marrowj.image.LabelVolume;
import org.marrowj.image.Volume;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;

/**
 * A binary DICOM Segmentation (SEG, SOP class 1.2.840.10008.5.1.4.1.1.66.4) read as a label volume
 * on the SEG's own grid: voxel value = SegmentNumber (0062,0004) of the segment that covers it, 0
 * elsewhere; the {@link LabelTable} names each segment by its SegmentLabel (0062,0005).
 * <p>
 * Frames: PixelData holds NumberOfFrames frames of Rows x Columns one-bit pixels (BitsAllocated 1),
 * packed consecutively without padding between frames, the first pixel in the least significant
 * bit of the first byte (PS3.5 8.1.1). Each frame's segment comes from its
 * SegmentIdentificationSequence (0062,000A) &gt; ReferencedSegmentNumber (0062,000B) and its
 * position from PlanePositionSequence (0020,9113) &gt; ImagePositionPatient in the
 * PerFrameFunctionalGroupsSequence (5200,9230); orientation (PlaneOrientationSequence 0020,9116)
 * and pixel spacing (PixelMeasuresSequence 0028,9110) from the per-frame groups or else the
 * SharedFunctionalGroupsSequence (5200,9229).
 * <p>
 * Grid: direction columns = row cosine, column cosine, n = row x column; frame position p =
 * dot(IPP, n); origin = IPP of the lowest p; slice spacing = SpacingBetweenSlices (0018,0088) when
 * every frame lies on its multiples from the lowest p (within 1% of the spacing), else the
 * smallest difference between distinct frame positions; z index = round((p - p_min) / spacing).
 * Frames that fall between slices (more than 10% of the spacing off) or off the line through the
 * origin along n (more than 5% of a pixel) are refused. A voxel claimed by two segments takes the
 * higher segment number, with a warning.
 */
public final class DicomSeg {

	public static final String SEG_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.66.4";

	private static final int SEGMENTATION_TYPE = 0x00620001, SEGMENT_SEQUENCE = 0x00620002, SEGMENT_NUMBER = 0x00620004,
		SEGMENT_LABEL = 0x00620005, SEGMENT_IDENTIFICATION = 0x0062000A, REFERENCED_SEGMENT_NUMBER = 0x0062000B,
		SHARED_GROUPS = 0x52009229, PER_FRAME_GROUPS = 0x52009230, PLANE_POSITION = 0x00209113, PLANE_ORIENTATION = 0x00209116,
		PIXEL_MEASURES = 0x00289110, SOP_CLASS_UID = 0x00080016, REFERENCED_SERIES = 0x00081115;

	private final LabelVolume<IntType> labels;
	private final double[] framePositions;
	private final int[] frameSlices, frameSegments;
	private final List<String> warnings;

	private DicomSeg(final LabelVolume<IntType> labels, final double[] framePositions, final int[] frameSlices,
		final int[] frameSegments, final List<String> warnings)
	{
		this.labels = labels;
		this.framePositions = framePositions;
		this.frameSlices = frameSlices;
		this.frameSegments = frameSegments;
		this.warnings = Collections.unmodifiableList(warnings);
	}

	/** The label volume (segment numbers) with the segment labels. */
	public LabelVolume<IntType> labels() {
		return labels;
	}

	public Volume<IntType> volume() {
		return labels.volume();
	}

	public LabelTable table() {
		return labels.table();
	}

	/** Each frame's position along the slice normal, dot(IPP, n), mm (frame order). */
	public double[] framePositions_mm() {
		return framePositions.clone();
	}

	/** Each frame's z index in {@link #volume()} (frame order). */
	public int[] frameSlices() {
		return frameSlices.clone();
	}

	/** Each frame's segment number (frame order). */
	public int[] frameSegments() {
		return frameSegments.clone();
	}

	public List<String> warnings() {
		return warnings;
	}

	/**
	 * Reads a binary DICOM SEG file.
	 *
	 * @throws BadInputException naming the file and the problem (not a SEG, fractional SEG,
	 *         compressed pixels, missing frame positions, frames off a slice grid, ...)
	 */
	public static DicomSeg read(final File file) {
		final DicomHeader h = DicomFile.readHeader(file);
		final String src = h.source();
		final String sop = h.getString(SOP_CLASS_UID, "");
		if (!"SEG".equalsIgnoreCase(h.modality().trim()) && !SEG_SOP_CLASS.equals(sop))
			throw new BadInputException(src, "not a DICOM Segmentation (Modality '" + h.modality() + "', SOPClassUID " + sop + ")");
		final String type = h.getString(SEGMENTATION_TYPE, "BINARY").trim().toUpperCase(Locale.ROOT);
		if (!"BINARY".equals(type)) throw new BadInputException(src, "SegmentationType (0062,0001) " + type +
			" is not supported: only BINARY segmentations are read");
		if (!h.hasPixelData()) throw new BadInputException(src, "no PixelData (7FE0,0010)");
		if (!TransferSyntax.isNative(h.transferSyntaxUid()) || h.pixelDataLength() < 0)
			throw new BadInputException(src, TransferSyntax.isNative(h.transferSyntaxUid()) ? "encapsulated PixelData" :
				TransferSyntax.refusal(h.transferSyntaxUid()));
		final int ba = h.getInt(DicomTag.BITS_ALLOCATED, 0);
		if (ba != 1) throw new BadInputException(src, "BitsAllocated " + ba + ": a binary SEG has 1");
		final int rows = h.rows(), cols = h.columns();
		if (rows <= 0 || cols <= 0) throw new BadInputException(src, "bad image size: Rows " + rows + ", Columns " + cols);
		final int frames = h.getInt(DicomTag.NUMBER_OF_FRAMES, 1);
		if (frames < 1) throw new BadInputException(src, "NumberOfFrames " + frames);
		final long bits = (long) frames * rows * cols;
		final long need = (bits + 7) / 8;
		if (h.pixelDataLength() < need) throw new BadInputException(src, "bad length: PixelData holds " + h.pixelDataLength() +
			" bytes, " + frames + " frames of " + cols + "x" + rows + " bits need " + need);
		if (need > Integer.MAX_VALUE - 16) throw new BadInputException(src, "PixelData larger than 2 GB");
		final List<String> warnings = new ArrayList<>();

		// segments
		final Map<Integer, String> names = new TreeMap<>();
		for (final DicomDataset s : h.getSequence(SEGMENT_SEQUENCE)) {
			final int n = s.getInt(SEGMENT_NUMBER, -1);
			if (n < 1) throw new BadInputException(src, "a SegmentSequence (0062,0002) item has no valid SegmentNumber (0062,0004)");
			names.put(n, s.getString(SEGMENT_LABEL, "segment_" + n));
		}
		if (names.isEmpty()) throw new BadInputException(src, "SegmentSequence (0062,0002) is missing or empty");

		// frames
		final List<DicomDataset> perFrame = h.getSequence(PER_FRAME_GROUPS);
		if (perFrame.size() != frames) throw new BadInputException(src, "PerFrameFunctionalGroupsSequence (5200,9230) has " +
			perFrame.size() + " items for " + frames + " frames");
		final DicomDataset shared = h.getItem(SHARED_GROUPS, 0);
		double[] iop = null, ps = null;
		Double between = null, thickness = null;
		final double[][] ipp = new double[frames][];
		final int[] seg = new int[frames];
		for (int f = 0; f < frames; f++) {
			final DicomDataset fg = perFrame.get(f);
			final double[] o = groupValue(fg, shared, PLANE_ORIENTATION, DicomTag.IMAGE_ORIENTATION_PATIENT);
			if (o == null || o.length != 6) throw new BadInputException(src, "frame " + (f + 1) +
				": no ImageOrientationPatient in PlaneOrientationSequence (0020,9116)");
			if (iop == null) iop = o;
			else for (int i = 0; i < 6; i++)
				if (Math.abs(o[i] - iop[i]) > 1e-4) throw new BadInputException(src, "frames with different orientations (frame 1 and " +
					(f + 1) + ") are not supported");
			final double[] p = groupValue(fg, shared, PIXEL_MEASURES, DicomTag.PIXEL_SPACING);
			if (p == null || p.length != 2 || !(p[0] > 0) || !(p[1] > 0)) throw new BadInputException(src, "frame " + (f + 1) +
				": no valid PixelSpacing in PixelMeasuresSequence (0028,9110)");
			if (ps == null) ps = p;
			else if (Math.abs(p[0] - ps[0]) > 1e-4 * ps[0] || Math.abs(p[1] - ps[1]) > 1e-4 * ps[1])
				throw new BadInputException(src, "frames with different PixelSpacing are not supported");
			if (between == null) {
				final double[] b = groupValue(fg, shared, PIXEL_MEASURES, DicomTag.SPACING_BETWEEN_SLICES);
				if (b != null && b.length > 0 && b[0] > 0) between = b[0];
			}
			if (thickness == null) {
				final double[] t = groupValue(fg, shared, PIXEL_MEASURES, DicomTag.SLICE_THICKNESS);
				if (t != null && t.length > 0 && t[0] > 0) thickness = t[0];
			}
			final DicomDataset pos = fg.getItem(PLANE_POSITION, 0);
			ipp[f] = pos == null ? null : pos.getDoubles(DicomTag.IMAGE_POSITION_PATIENT);
			if (ipp[f] == null || ipp[f].length != 3) throw new BadInputException(src, "frame " + (f + 1) +
				": no ImagePositionPatient in PlanePositionSequence (0020,9113)");
			final DicomDataset id = fg.getItem(SEGMENT_IDENTIFICATION, 0);
			seg[f] = id == null ? -1 : id.getInt(REFERENCED_SEGMENT_NUMBER, -1);
			if (seg[f] < 1) throw new BadInputException(src, "frame " + (f + 1) +
				": no ReferencedSegmentNumber in SegmentIdentificationSequence (0062,000A)");
			if (!names.containsKey(seg[f])) throw new BadInputException(src, "frame " + (f + 1) + " refers to segment " + seg[f] +
				", which SegmentSequence (0062,0002) does not define");
		}
		final double[] row = unit(Arrays.copyOfRange(iop, 0, 3), src), col = unit(Arrays.copyOfRange(iop, 3, 6), src);
		final double[] n = { row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2], row[0] * col[1] - row[1] * col[0] };
		final double[] p = new double[frames];
		int lowest = 0;
		for (int f = 0; f < frames; f++) {
			p[f] = dot(ipp[f], n);
			if (p[f] < p[lowest]) lowest = f;
		}
		final double p0 = p[lowest];
		// frames must lie on the line through the lowest frame along n
		for (int f = 0; f < frames; f++)
			for (int r = 0; r < 3; r++) {
				final double e = ipp[f][r] - ipp[lowest][r] - (p[f] - p0) * n[r];
				if (Math.abs(e) > 0.05 * Math.min(ps[0], ps[1])) throw new BadInputException(src, "frame " + (f + 1) +
					" is offset in-plane from frame " + (lowest + 1) + " by " + String.format(Locale.ROOT, "%.3f", Math.abs(e)) +
					" mm: tilted or mixed stacks are not supported");
			}
		final double[] distinct = distinct(p);
		double sz;
		if (between != null && onGrid(p, p0, between)) sz = between;
		else {
			double min = Double.POSITIVE_INFINITY;
			for (int i = 1; i < distinct.length; i++)
				min = Math.min(min, distinct[i] - distinct[i - 1]);
			if (distinct.length > 1) {
				if (between != null) warnings.add("frame positions are not on multiples of SpacingBetweenSlices " + between +
					" mm; the smallest distance between frames, " + String.format(Locale.ROOT, "%.4f", min) + " mm, is used");
				sz = min;
			}
			else {
				sz = between != null ? between : thickness != null ? thickness : 1;
				if (between == null) warnings.add("one frame position and no SpacingBetweenSlices: slice spacing " + sz + " mm" +
					(thickness != null ? " from SliceThickness" : " assumed"));
			}
			if (!onGrid(p, p0, sz)) throw new BadInputException(src, "the frame positions " + Arrays.toString(distinct) +
				" mm do not lie on a regular slice grid");
		}
		final int[] z = new int[frames];
		int nz = 1;
		for (int f = 0; f < frames; f++) {
			z[f] = (int) Math.round((p[f] - p0) / sz);
			nz = Math.max(nz, z[f] + 1);
		}
		if ((long) cols * rows * nz > Integer.MAX_VALUE - 8) throw new BadInputException(src, "the label grid " + cols + "x" + rows +
			"x" + nz + " is too large");

		// pixels
		final byte[] raw = pixelBytes(h, (int) need);
		final int[] out = new int[cols * rows * nz];
		long overlaps = 0;
		final int plane = rows * cols;
		for (int f = 0; f < frames; f++) {
			final long base = (long) f * plane;
			final int zo = z[f] * plane;
			for (int i = 0; i < plane; i++) {
				final long k = base + i;
				if ((raw[(int) (k >>> 3)] >> (int) (k & 7) & 1) == 0) continue;
				final int cur = out[zo + i];
				if (cur != 0 && cur != seg[f]) overlaps++;
				out[zo + i] = Math.max(cur, seg[f]);
			}
		}
		if (overlaps > 0) warnings.add(overlaps + " voxels belong to more than one segment; they carry the higher segment number");
		final double[] dir = new double[9];
		for (int r = 0; r < 3; r++) {
			dir[3 * r] = row[r];
			dir[3 * r + 1] = col[r];
			dir[3 * r + 2] = n[r];
		}
		final Geometry g = new Geometry(new double[] { ps[1], ps[0], sz }, ipp[lowest].clone(), dir);
		final Map<String, String> props = new LinkedHashMap<>();
		props.put("Modality", "SEG");
		props.put("SeriesInstanceUID", h.seriesInstanceUid());
		props.put("FrameOfReferenceUID", h.getString(DicomTag.FRAME_OF_REFERENCE_UID, ""));
		props.put("StudyInstanceUID", h.getString(DicomTag.STUDY_INSTANCE_UID, ""));
		props.put("SeriesDescription", h.getString(DicomTag.SERIES_DESCRIPTION, ""));
		final DicomDataset ref = h.getItem(REFERENCED_SERIES, 0);
		if (ref != null) props.put("ReferencedSeriesInstanceUID", ref.getString(DicomTag.SERIES_INSTANCE_UID, ""));
		props.put("source", src);
		final Volume<IntType> v = new Volume<>(ArrayImgs.ints(out, cols, rows, nz), g, Volume.LABEL, "SEG", props);
		return new DicomSeg(new LabelVolume<>(v, new LabelTable(names)), p, z, seg, warnings);
	}

	/** The value of {@code tag} in the first item of functional group {@code group}: per frame first, else shared. */
	private static double[] groupValue(final DicomDataset frame, final DicomDataset shared, final int group, final int tag) {
		DicomDataset item = frame.getItem(group, 0);
		if (item != null && item.contains(tag)) return item.getDoubles(tag);
		item = shared == null ? null : shared.getItem(group, 0);
		return item != null && item.contains(tag) ? item.getDoubles(tag) : null;
	}

	private static boolean onGrid(final double[] p, final double p0, final double sz) {
		for (final double v : p) {
			final double k = (v - p0) / sz;
			if (Math.abs(k - Math.rint(k)) > 0.1) return false;
		}
		return true;
	}

	private static double[] distinct(final double[] p) {
		final double[] s = p.clone();
		Arrays.sort(s);
		final List<Double> d = new ArrayList<>();
		for (final double v : s)
			if (d.isEmpty() || v - d.get(d.size() - 1) > 1e-3) d.add(v);
		final double[] out = new double[d.size()];
		for (int i = 0; i < out.length; i++)
			out[i] = d.get(i);
		return out;
	}

	private static byte[] pixelBytes(final DicomHeader h, final int need) {
		final byte[] raw = new byte[need];
		if (h.inflated != null) {
			System.arraycopy(h.inflated, (int) h.pixelDataOffset, raw, 0, need);
			return raw;
		}
		try (RandomAccessFile raf = new RandomAccessFile(h.file(), "r")) {
			if (h.pixelDataOffset + need > raf.length()) throw new BadInputException(h.source(), "truncated: PixelData needs " + need +
				" bytes at offset " + h.pixelDataOffset + " but the file ends at " + raf.length());
			raf.seek(h.pixelDataOffset);
			raf.readFully(raw);
			return raw;
		}
		catch (final EOFException e) {
			throw new BadInputException(h.source(), "truncated: the file ends inside its PixelData", e);
		}
		catch (final IOException e) {
			throw new BadInputException(h.source(), "cannot read pixel data: " + e.getMessage(), e);
		}
	}

	private static double[] unit(final double[] v, final String src) {
		final double n = Math.sqrt(dot(v, v));
		if (!(n > 1e-6)) throw new BadInputException(src, "ImageOrientationPatient has a zero-length direction");
		return new double[] { v[0] / n, v[1] / n, v[2] / n };
	}

	private static double dot(final double[] a, final double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}
}
