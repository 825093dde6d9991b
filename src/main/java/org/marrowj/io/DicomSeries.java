package org.marrowj.io;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.real.FloatType;

import org.marrowj.image.Volume;

/**
 * A DICOM series read as one volume ({@link DicomSeriesReader}): the volume, the headers and files
 * of its slices in volume order (z index), their positions along the slice normal, their rescale
 * slopes and intercepts, and the reader's warnings about the series' geometry.
 */
public final class DicomSeries {

	private final Volume<FloatType> volume;
	private final List<DicomHeader> headers;
	private final double[] positions_mm;
	private final double[] slopes;
	private final double[] intercepts;
	private final List<String> warnings;
	private PetInfo petInfo;

	DicomSeries(final Volume<FloatType> volume, final List<DicomHeader> headers, final double[] positions_mm, final double[] slopes,
		final double[] intercepts, final List<String> warnings)
	{
		this.volume = volume;
		this.headers = Collections.unmodifiableList(new ArrayList<>(headers));
		this.positions_mm = positions_mm.clone();
		this.slopes = slopes.clone();
		this.intercepts = intercepts.clone();
		this.warnings = Collections.unmodifiableList(new ArrayList<>(warnings));
	}

	/** The volume: float values (HU for CT, the PET unit for PT, stored x slope + intercept otherwise). */
	public Volume<FloatType> volume() {
		return volume;
	}

	/** The pixels: one float[] plane per slice. */
	@SuppressWarnings("unchecked")
	public PlanarImg<FloatType, FloatArray> image() {
		return (PlanarImg<FloatType, FloatArray>) volume.image();
	}

	/** The slices' headers, index = z. */
	public List<DicomHeader> headers() {
		return headers;
	}

	/** The header of slice z. */
	public DicomHeader header(final int z) {
		return headers.get(z);
	}

	/** The slices' files, index = z. */
	public List<File> files() {
		final List<File> f = new ArrayList<>(headers.size());
		for (final DicomHeader h : headers)
			f.add(h.file());
		return f;
	}

	/** Each slice's position along the slice normal, dot(ImagePositionPatient, rowCos x colCos), mm; increasing. */
	public double[] slicePositions_mm() {
		return positions_mm.clone();
	}

	/** RescaleSlope of each slice (1 when absent). */
	public double[] rescaleSlopes() {
		return slopes.clone();
	}

	/** RescaleIntercept of each slice (0 when absent). */
	public double[] rescaleIntercepts() {
		return intercepts.clone();
	}

	/** Warnings about the series (gantry tilt, non-uniform spacing, missing slices, ...); empty when none. */
	public List<String> warnings() {
		return warnings;
	}

	public int depth() {
		return headers.size();
	}

	/** The PET header values (for any modality; mostly null for non-PET series). */
	public synchronized PetInfo petInfo() {
		if (petInfo == null) petInfo = PetInfo.of(headers);
		return petInfo;
	}

	@Override
	public String toString() {
		return "DicomSeries[" + volume + ", " + warnings.size() + " warnings]";
	}
}
