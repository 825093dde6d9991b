package org.marrowj;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** plugins.config is packaged, and each of its entries names a class (and macro resource) that exists. */
class PluginsConfigTest {

	private static final Pattern ENTRY = Pattern.compile("^\\s*([^,]+),\\s*\"([^\"]+)\",\\s*([\\w.$]+)(?:\\(\"([^\"]*)\"\\))?\\s*$");

	@Test
	void everyEntryResolves() throws Exception {
		final InputStream in = getClass().getResourceAsStream("/plugins.config");
		assertNotNull(in, "plugins.config is not among the packaged resources");

		try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = r.readLine()) != null) {
				if (line.trim().isEmpty() || line.trim().startsWith("#")) continue;
				final Matcher m = ENTRY.matcher(line);
				assertTrue(m.matches(), "not a plugins.config entry: " + line);
				Class.forName(m.group(3));
				final String arg = m.group(4);
				if (arg != null && arg.startsWith("JAR:"))
					assertNotNull(getClass().getResource("/" + arg.substring(4)), "resource " + arg + " missing: " + line);
			}
		}
	}
}
