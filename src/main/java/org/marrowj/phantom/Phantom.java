package org.marrowj.phantom;

import java.util.Map;
import java.util.Optional;

import org.marrowj.image.LabelTable;
import org.marrowj.image.LabelVolume;
import org.marrowj.image.Volume;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A synthetic image with its exact ground truth: the image, a tissue label map on the same grid
 * (every voxel's true tissue), the names of the tissues, and the analytic truth (radii, HU per
 * tissue, ...) as a JSON-ready map. Optionally an anatomical label map on the same grid (e.g.
 * TotalSegmentator-numbered vertebrae) and a PET volume on its own grid (PET/CT phantoms).
 */
public final class Phantom {

	private final String kind;
	private final Volume<FloatType> image;
	private final Volume<UnsignedByteType> tissues;
	private final LabelTable tissueNames;
	private final Map<String, Object> truth;
	private final LabelVolume<UnsignedByteType> labels;
	private final Volume<FloatType> pet;

	public Phantom(final String kind, final Volume<FloatType> image, final Volume<UnsignedByteType> tissues,
		final LabelTable tissueNames, final Map<String, Object> truth)
	{
		this(kind, image, tissues, tissueNames, truth, null, null);
	}

	/**
	 * @param labels anatomical labels on the image grid, or null
	 * @param pet a PET volume (Bq/mL) on its own grid sharing the image's frame of reference, or null
	 */
	public Phantom(final String kind, final Volume<FloatType> image, final Volume<UnsignedByteType> tissues,
		final LabelTable tissueNames, final Map<String, Object> truth, final LabelVolume<UnsignedByteType> labels,
		final Volume<FloatType> pet)
	{
		this.kind = kind;
		this.image = image;
		this.tissues = tissues;
		this.tissueNames = tissueNames;
		this.truth = truth;
		this.labels = labels;
		this.pet = pet;
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

	/** Anatomical labels on the image grid (spine: TotalSegmentator vertebra numbering), when present. */
	public Optional<LabelVolume<UnsignedByteType>> labels() {
		return Optional.ofNullable(labels);
	}

	/** The PET volume of a PET/CT phantom (Bq/mL, its own grid), when present. */
	public Optional<Volume<FloatType>> pet() {
		return Optional.ofNullable(pet);
	}
}
