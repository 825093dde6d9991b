package org.marrowj.image;

import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.IntegerType;

/** A volume of integer label ids (0 = background) with the names of its labels. */
public final class LabelVolume<T extends IntegerType<T> & NativeType<T>> {

	private final Volume<T> volume;
	private final LabelTable table;

	public LabelVolume(final Volume<T> volume, final LabelTable table) {
		this.volume = volume;
		this.table = table == null ? LabelTable.empty() : table;
	}

	public Volume<T> volume() {
		return volume;
	}

	public LabelTable table() {
		return table;
	}

	public Geometry geometry() {
		return volume.geometry();
	}
}
