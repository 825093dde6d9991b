package org.marrowj.phantom;

import java.util.Map;

import org.marrowj.image.LabelTable;
import org.marrowj.image.Volume;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A synthetic image with its exact ground truth: the image, a tissue label map on the same grid
 * (every voxel's true tissue), the names of the tissues, and the analytic truth (radii, HU per
 * tissue, ...) as a JSON-ready map.
 */
public final class Phantom {

	private final String kind;
	private final Volume<FloatType> image;
	private final Volume<UnsignedByteType> tissues;
	private final LabelTable tissueNames;
	private final Map<String, Object> truth;

	public Phantom(final String kind, final Volume<FloatType> image, final Volume<UnsignedByteType> tissues,
		final LabelTable tissueNames, final Map<String, Object> truth)
	{
		this.kind = kind;
		this.image = image;
		this.tissues = tissues;
		this.tissueNames = tissueNames;
		this.truth = truth;
	}

	public String kind() {
		return kind;
	}

	public Volume<FloatType> image() {
		return image;
	}

	public Volume<UnsignedByteType> tissues() {
		return tissues;
	}

	public LabelTable tissueNames() {
		return tissueNames;
	}

	public Map<String, Object> truth() {
		return truth;
	}
}
