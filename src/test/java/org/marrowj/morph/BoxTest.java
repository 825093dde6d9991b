package org.marrowj.morph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;

class BoxTest {

	@Test
	void boundingBoxEqualsBruteForce() {
		for (final Mask m : Masks.suite()) {
			final int[] box = Morph.boundingBox(m);
			int[] truth = null;
			for (int z = 0; z < m.nz(); z++)
				for (int y = 0; y < m.ny(); y++)
					for (int x = 0; x < m.nx(); x++) {
						if (!m.get(x, y, z)) continue;
						if (truth == null) truth = new int[] { x, y, z, x + 1, y + 1, z + 1 };
						truth[0] = Math.min(truth[0], x);
						truth[1] = Math.min(truth[1], y);
						truth[2] = Math.min(truth[2], z);
						truth[3] = Math.max(truth[3], x + 1);
						truth[4] = Math.max(truth[4], y + 1);
						truth[5] = Math.max(truth[5], z + 1);
					}
			assertArrayEquals(truth, box);
		}
		assertNull(Morph.boundingBox(new Mask(3, 4, 5)));
		final Mask one = new Mask(6, 5, 4);
		one.set(2, 3, 1, true);
		one.set(4, 1, 1, true);
		assertArrayEquals(new int[] { 2, 1, 1, 5, 4, 2 }, Morph.boundingBox(one));
	}

	@Test
	void cropThenPasteRestores() {
		final Mask m = Masks.random(Masks.NX, Masks.NY, Masks.NZ, 0.4, 51);
		final int[] box = { 3, 2, 1, 20, 15, 9 };
		final Mask part = Morph.crop(m, box);
		assertEquals(17, part.nx());
		assertEquals(13, part.ny());
		assertEquals(8, part.nz());
		for (int z = 0; z < part.nz(); z++)
			for (int y = 0; y < part.ny(); y++)
				for (int x = 0; x < part.nx(); x++)
					assertEquals(m.get(x + 3, y + 2, z + 1), part.get(x, y, z));
		final Mask back = m.emptyLike();
		Morph.paste(part, back, 3, 2, 1);
		for (int z = 0; z < m.nz(); z++)
			for (int y = 0; y < m.ny(); y++)
				for (int x = 0; x < m.nx(); x++) {
					final boolean in = x >= 3 && x < 20 && y >= 2 && y < 15 && z >= 1 && z < 9;
					assertEquals(in && m.get(x, y, z), back.get(x, y, z));
				}
		assertThrows(BadInputException.class, () -> Morph.crop(m, new int[] { 0, 0, 0, 24, 1, 1 }));
		assertThrows(BadInputException.class, () -> Morph.paste(part, back, 10, 0, 0));
	}
}
