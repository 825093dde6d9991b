package org.marrowj.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.marrowj.io.AtomicFiles;
import org.marrowj.io.Csv;

/**
 * The cohort QC page {@value #HTML}: one static HTML file in the cohort's output folder (inline CSS
 * and JS, no external resource, readable from {@code file://}) with one card per subject, for
 * scanning a large cohort for failures.
 * <p>
 * Cards: every complete (stamped) subject folder given, and every subject of {@value Cohort#ERRORS}
 * that is not among them, in folder-name order (Java String order). A card shows the folder name, a
 * status badge ({@value #OK}: every row of {@value SubjectAnalysis#CSV} and {@value NeckAnalysis#CSV}
 * has status {@code ok}; {@value #CHECK}: a row's status is {@code check: ...} or another reason, or the
 * folder has neither table; {@value #FAILED}: an errors row, shown with its stage and message and no
 * pictures), links to the subject's QC pictures ({@code qc/overview.png}, {@code qc/pet_fusion_coronal.png},
 * {@code qc/femoral_neck_section_<side>.png}, those that exist) shown as thumbnails, and the key
 * numbers of each region and neck side, as written in the CSV files.
 * <p>
 * Each card carries its sort keys as {@code data-} attributes (see {@link #KEYS}); a small script
 * filters by text (subject or region substring) and status and sorts, and mirrors that state in the
 * URL fragment ({@code #status=failed&sort=-hu_mean&q=s1}; a leading '-' sorts descending), applied on
 * load. Without the script every card is shown in folder-name order. Same inputs, same bytes (no
 * time stamps); pictures are linked, never embedded.
 */
public final class CohortReport {

	public static final String HTML = "qc_report.html";
	public static final String OK = "ok", CHECK = "check", FAILED = "failed";

	/**
	 * Numeric sort keys of a card (data attribute name -&gt; label): over the measured regions of the
	 * marrow table the lowest and the mean {@code hu_mean} (HU), the mean {@code hu_sd} (HU), the total
	 * {@code volume_ml} (mL), the mean {@code suv_mean} and the highest {@code suv_peak}; over the
	 * measured sides of the neck table the mean {@code fnw_mm}, {@code vbmd_total_mgcm3} and
	 * {@code section_modulus_mm3}. A key without a value (nothing measured) sorts last either way.
	 */
	public static final Map<String, String> KEYS;
	static {
		final Map<String, String> k = new LinkedHashMap<>();
		k.put("hu_mean_min", "HU mean, lowest region");
		k.put("hu_mean", "HU mean, mean of regions");
		k.put("hu_sd", "HU SD, mean of regions");
		k.put("volume_ml", "marrow volume (mL), total");
		k.put("suv_mean", "SUV mean, mean of regions");
		k.put("suv_peak", "SUV peak, highest region");
		k.put("fnw_mm", "neck width (mm), mean of sides");
		k.put("vbmd_total_mgcm3", "neck vBMD (mg/cm\u00b3), mean of sides");
		k.put("section_modulus_mm3", "section modulus (mm\u00b3), mean of sides");
		KEYS = Collections.unmodifiableMap(k);
	}

	/**
	 * Marrow table columns shown: column, header with unit, decimals shown (empty for text); PET
	 * columns only when the subject's table has them. A number is shown rounded, its exact value
	 * from the table in the cell's tooltip.
	 */
	private static final String[][] MARROW = { { "region", "region", "" }, { "volume_ml", "volume (mL)", "2" }, { "hu_mean",
		"mean (HU)", "1" }, { "hu_sd", "SD (HU)", "1" }, { "suv_mean", "SUV mean", "2" }, { "suv_peak", "SUV peak", "2" }, { "status",
			"status", "" } };
	private static final String[][] NECK = { { "side", "side", "" }, { "fnw_mm", "FNW (mm)", "1" }, { "vbmd_total_mgcm3",
		"vBMD (mg/cm\u00b3)", "1" }, { "section_modulus_mm3", "Z (mm\u00b3)", "0" }, { "hsa_buckling_ratio", "BR (HSA)", "2" }, {
			"status", "status", "" } };

	private CohortReport() {}

	/** Writes {@value #HTML} for every stamped subject folder of {@code out} and the failures of its errors table. */
	public static File write(final File out) throws IOException {
		return write(out, stamped(out));
	}

	/**
	 * Writes {@code out/}{@value #HTML} atomically: cards for the stamped subject folders {@code subjects}
	 * (names of folders in {@code out}) and for the subjects of {@code out/}{@value Cohort#ERRORS} not
	 * among them. Returns the file.
	 */
	public static File write(final File out, final List<String> subjects) throws IOException {
		final File f = new File(out, HTML);
		final String html = html(out, subjects);
		AtomicFiles.writeText(f, html);
		return f;
	}

	/** The names of the folders of {@code out} holding {@value Cohort#STAMP}, sorted. */
	public static List<String> stamped(final File out) {
		final File[] dirs = out.listFiles(d -> d.isDirectory() && new File(d, Cohort.STAMP).isFile());
		final List<String> names = new ArrayList<>();
		if (dirs != null) for (final File d : dirs)
			names.add(d.getName());
		Collections.sort(names);
		return names;
	}

	/** One subject's card data. */
	private static final class Card {
		final String name;
		String status = OK, stage, message;
		Csv marrow, neck;
		final List<String> pictures = new ArrayList<>();
		final Map<String, Double> keys = new LinkedHashMap<>();

		Card(final String name) {
			this.name = name;
		}
	}

	/** The page's text (see the class comment). */
	public static String html(final File out, final List<String> subjects) throws IOException {
		final Map<String, Card> cards = new TreeMap<>();
		for (final String s : subjects)
			cards.put(s, subject(new File(out, s), s));
		final File errors = new File(out, Cohort.ERRORS);
		if (errors.isFile()) {
			final Csv e = Csv.read(errors);
			final int si = col(e, "subject"), st = col(e, "stage"), me = col(e, "message");
			for (final List<String> r : e.rows()) {
				final String name = si < 0 ? "" : r.get(si);
				if (name.isEmpty() || cards.containsKey(name)) continue;
				final Card c = new Card(name);
				c.status = FAILED;
				c.stage = st < 0 ? "" : r.get(st);
				c.message = me < 0 ? "" : r.get(me);
				cards.put(name, c);
			}
		}
		int ok = 0, check = 0, failed = 0;
		for (final Card c : cards.values())
			if (c.status.equals(OK)) ok++;
			else if (c.status.equals(CHECK)) check++;
			else failed++;
		final StringBuilder h = new StringBuilder(4096 + 1500 * cards.size());
		h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
		h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
		h.append("<title>MarrowJ cohort QC</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
		h.append("<header>\n<h1>MarrowJ cohort QC</h1>\n<p id=\"summary\">").append(cards.size()).append(" subjects: <span class=\"ok\">")
			.append(ok).append(" ok</span>, <span class=\"check\">").append(check).append(" check</span>, <span class=\"failed\">")
			.append(failed).append(" failed</span> &middot; MarrowJ ").append(esc(Provenance.version()));
		for (final String t : Arrays.asList(SubjectAnalysis.CSV, NeckAnalysis.CSV, Cohort.ERRORS))
			if (new File(out, t).isFile()) h.append(" &middot; <a href=\"").append(url(t)).append("\">").append(esc(t)).append("</a>");
		h.append("</p>\n<form id=\"controls\" onsubmit=\"return false\">\n");
		h.append("<label>filter <input id=\"q\" type=\"search\" placeholder=\"subject or region\"></label>\n");
		h.append("<label>status <select id=\"status\"><option value=\"all\">all</option><option value=\"ok\">ok</option>")
			.append("<option value=\"check\">check</option><option value=\"failed\">failed</option></select></label>\n");
		h.append("<label>sort <select id=\"sort\"><option value=\"subject\">subject</option>")
			.append("<option value=\"status\">status (failed first)</option>");
		for (final Map.Entry<String, String> k : KEYS.entrySet())
			h.append("<option value=\"").append(k.getKey()).append("\">").append(esc(k.getValue())).append(" \u2191</option><option value=\"-")
				.append(k.getKey()).append("\">").append(esc(k.getValue())).append(" \u2193</option>");
		h.append("</select></label>\n<span id=\"count\">showing ").append(cards.size()).append(" of ").append(cards.size())
			.append("</span>\n</form>\n</header>\n<main id=\"cards\">\n");
		for (final Card c : cards.values())
			card(h, c);
		h.append("</main>\n<script>\n").append(JS).append("</script>\n</body>\n</html>\n");
		return h.toString();
	}

	private static Card subject(final File dir, final String name) throws IOException {
		final Card c = new Card(name);
		final File m = new File(dir, SubjectAnalysis.CSV), n = new File(dir, NeckAnalysis.CSV);
		if (m.isFile()) c.marrow = Csv.read(m);
		if (n.isFile()) c.neck = Csv.read(n);
		boolean allOk = c.marrow != null || c.neck != null;
		for (final Csv t : Arrays.asList(c.marrow, c.neck)) {
			if (t == null) continue;
			final int s = col(t, "status");
			for (final List<String> r : t.rows())
				if (s < 0 || !OK.equals(r.get(s).trim())) allOk = false;
		}
		c.status = allOk ? OK : CHECK;
		final File qc = new File(dir, SubjectAnalysis.QC);
		final List<String> pics = new ArrayList<>(Arrays.asList("overview.png", "pet_fusion_coronal.png"));
		if (c.neck != null) {
			final int si = col(c.neck, "side");
			if (si >= 0) for (final List<String> r : c.neck.rows())
				pics.add("femoral_neck_section_" + r.get(si) + ".png");
		}
		for (final String p : pics)
			if (new File(qc, p).isFile() && !c.pictures.contains(p)) c.pictures.add(p);
		if (c.marrow != null) {
			put(c.keys, "hu_mean_min", stat(c.marrow, "hu_mean", 'n'));
			put(c.keys, "hu_mean", stat(c.marrow, "hu_mean", 'm'));
			put(c.keys, "hu_sd", stat(c.marrow, "hu_sd", 'm'));
			put(c.keys, "volume_ml", stat(c.marrow, "volume_ml", 's'));
			put(c.keys, "suv_mean", stat(c.marrow, "suv_mean", 'm'));
			put(c.keys, "suv_peak", stat(c.marrow, "suv_peak", 'x'));
		}
		if (c.neck != null) for (final String k : Arrays.asList("fnw_mm", "vbmd_total_mgcm3", "section_modulus_mm3"))
			put(c.keys, k, stat(c.neck, k, 'm'));
		return c;
	}

	private static void put(final Map<String, Double> m, final String k, final Double v) {
		if (v != null) m.put(k, v);
	}

	/** Over the finite numbers of a column: 'n' minimum, 'x' maximum, 'm' mean, 's' sum; null when there is none. */
	private static Double stat(final Csv t, final String column, final char what) {
		final int c = col(t, column);
		if (c < 0) return null;
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
		int n = 0;
		for (final List<String> r : t.rows()) {
			final double v;
			try {
				v = Double.parseDouble(r.get(c).trim());
			}
			catch (final NumberFormatException e) {
				continue;
			}
			if (!Double.isFinite(v)) continue;
			min = Math.min(min, v);
			max = Math.max(max, v);
			sum += v;
			n++;
		}
		if (n == 0) return null;
		switch (what) {
			case 'n':
				return min;
			case 'x':
				return max;
			case 's':
				return sum;
			default:
				return sum / n;
		}
	}

	private static int col(final Csv t, final String name) {
		return t.header().indexOf(name);
	}

	private static void card(final StringBuilder h, final Card c) {
		h.append("<section class=\"card ").append(c.status).append("\" data-subject=\"").append(esc(c.name)).append(
			"\" data-status=\"").append(c.status).append('"');
		if (c.marrow != null) {
			final int ri = col(c.marrow, "region");
			if (ri >= 0) {
				final List<String> regions = new ArrayList<>();
				for (final List<String> r : c.marrow.rows())
					regions.add(r.get(ri));
				h.append(" data-regions=\"").append(esc(String.join(" ", regions))).append('"');
			}
		}
		for (final Map.Entry<String, Double> k : c.keys.entrySet())
			h.append(" data-").append(k.getKey()).append("=\"").append(Csv.formatDouble(k.getValue())).append('"');
		h.append(">\n<h2><span class=\"badge ").append(c.status).append("\">").append(c.status).append("</span> ").append(esc(c.name))
			.append("</h2>\n");
		if (c.status.equals(FAILED)) {
			h.append("<p class=\"error\"><b>").append(esc(c.stage)).append("</b>: ").append(esc(c.message)).append("</p>\n</section>\n");
			return;
		}
		if (c.marrow == null && c.neck == null) h.append("<p class=\"note\">no ").append(SubjectAnalysis.CSV).append(" and no ")
			.append(NeckAnalysis.CSV).append("</p>\n");
		if (!c.pictures.isEmpty()) {
			h.append("<div class=\"pics\">");
			for (final String p : c.pictures) {
				final String u = url(c.name) + "/" + url(SubjectAnalysis.QC) + "/" + url(p);
				h.append("<a href=\"").append(u).append("\"><img src=\"").append(u).append("\" loading=\"lazy\" alt=\"").append(esc(
					c.name + " " + p.replace(".png", ""))).append("\"></a>");
			}
			h.append("</div>\n");
		}
		table(h, c.marrow, MARROW);
		table(h, c.neck, NECK);
		h.append("</section>\n");
	}

	/** The columns of {@code spec} that the table has, one row per table row; status cells not "ok" marked. */
	private static void table(final StringBuilder h, final Csv t, final String[][] spec) {
		if (t == null || t.rows().isEmpty()) return;
		final List<Integer> at = new ArrayList<>(), decimals = new ArrayList<>();
		final List<String> heads = new ArrayList<>();
		int status = -1;
		for (final String[] s : spec) {
			final int c = col(t, s[0]);
			if (c < 0) continue;
			if (s[0].equals("status")) status = at.size();
			at.add(c);
			heads.add(s[1]);
			decimals.add(s[2].isEmpty() ? -1 : Integer.parseInt(s[2]));
		}
		h.append("<table><tr>");
		for (final String s : heads)
			h.append("<th>").append(esc(s)).append("</th>");
		h.append("</tr>\n");
		for (final List<String> r : t.rows()) {
			h.append("<tr>");
			for (int k = 0; k < at.size(); k++) {
				final String v = r.get(at.get(k));
				final String shown = rounded(v, decimals.get(k));
				if (k == status && !OK.equals(v.trim())) h.append("<td class=\"bad\">");
				else if (shown != null) h.append("<td title=\"").append(esc(v)).append("\">");
				else h.append("<td>");
				h.append(esc(shown != null ? shown : v)).append("</td>");
			}
			h.append("</tr>\n");
		}
		h.append("</table>\n");
	}

	/** {@code v} with {@code decimals} decimals (half up), or null when it is text, empty or decimals &lt; 0. */
	static String rounded(final String v, final int decimals) {
		if (decimals < 0 || v == null || v.trim().isEmpty()) return null;
		try {
			final java.math.BigDecimal d = new java.math.BigDecimal(v.trim());
			return d.setScale(decimals, java.math.RoundingMode.HALF_UP).toPlainString();
		}
		catch (final NumberFormatException e) {
			return null;
		}
	}

	/** Text for HTML content and attribute values: &amp; &lt; &gt; &quot; &#39; escaped. */
	public static String esc(final String s) {
		if (s == null) return "";
		final StringBuilder b = new StringBuilder(s.length() + 16);
		for (int i = 0; i < s.length(); i++) {
			final char ch = s.charAt(i);
			switch (ch) {
				case '&':
					b.append("&amp;");
					break;
				case '<':
					b.append("&lt;");
					break;
				case '>':
					b.append("&gt;");
					break;
				case '"':
					b.append("&quot;");
					break;
				case '\'':
					b.append("&#39;");
					break;
				default:
					b.append(ch);
			}
		}
		return b.toString();
	}

	/** One URL path segment: UTF-8 bytes other than the RFC 3986 unreserved characters percent-encoded. */
	public static String url(final String segment) {
		final StringBuilder b = new StringBuilder();
		for (final byte x : segment.getBytes(StandardCharsets.UTF_8)) {
			final int c = x & 0xff;
			if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~')
				b.append((char) c);
			else b.append('%').append(String.format(Locale.ROOT, "%02X", c));
		}
		return b.toString();
	}

	private static final String CSS = String.join("\n",
		"body{font:13px/1.35 system-ui,sans-serif;margin:0;background:#f4f4f4;color:#222}",
		"header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:6px 12px;z-index:1}",
		"h1{font-size:17px;margin:0 0 2px}",
		"#summary{margin:0 0 4px}",
		"#controls label{margin-right:12px}",
		"#count{font-weight:bold}",
		"#cards{display:flex;flex-wrap:wrap;align-items:flex-start;gap:8px;padding:8px}",
		".card{background:#fff;border:1px solid #ccc;border-left:6px solid #2a7;border-radius:3px;padding:4px 8px 8px;width:600px;",
		"max-width:100%;box-sizing:border-box;overflow-x:auto}",
		".card.check{border-left-color:#d90}",
		".card.failed{border-left-color:#c22}",
		"[hidden]{display:none!important}",
		"h2{font-size:14px;margin:2px 0 4px;word-break:break-all}",
		".badge{display:inline-block;min-width:44px;text-align:center;border-radius:3px;color:#fff;font-size:12px;padding:0 4px}",
		".badge.ok{background:#2a7}.badge.check{background:#d90}.badge.failed{background:#c22}",
		"#summary .ok{color:#185}#summary .check{color:#a60}#summary .failed{color:#c22}",
		".error{color:#c22;margin:4px 0;word-break:break-word}",
		".note{color:#a60;margin:4px 0}",
		".pics{display:flex;flex-wrap:wrap;gap:4px;margin-bottom:4px}",
		".pics img{height:150px;max-width:100%;object-fit:contain;background:#000;display:block}",
		"table{border-collapse:collapse;margin-top:4px;font-size:11px}",
		"th,td{border:1px solid #ddd;padding:1px 3px;text-align:right;white-space:nowrap}",
		"th{background:#eee}",
		"td:first-child,th:first-child,td:last-child,th:last-child{text-align:left}",
		"td.bad{color:#a40;text-align:left;white-space:normal;min-width:120px}", "");

	private static final String JS = String.join("\n",
		"(function(){",
		"var list=document.getElementById('cards'),cards=Array.prototype.slice.call(list.children),",
		"q=document.getElementById('q'),st=document.getElementById('status'),so=document.getElementById('sort'),",
		"cnt=document.getElementById('count'),RANK={failed:0,check:1,ok:2};",
		"function has(sel,v){for(var i=0;i<sel.options.length;i++)if(sel.options[i].value===v)return true;return false;}",
		"function num(c,k){var v=c.getAttribute('data-'+k);return v===null||v===''?NaN:parseFloat(v);}",
		"function match(c,s){if(!s)return true;var r=(c.getAttribute('data-subject')||'').toLowerCase();if(r.indexOf(s)>=0)return true;",
		"var g=(c.getAttribute('data-regions')||'').toLowerCase().split(' ');for(var i=0;i<g.length;i++)if(g[i]&&g[i].indexOf(s)>=0)return true;",
		"return false;}",
		"function read(){var h=location.hash.replace(/^#/,''),m={};h.split('&').forEach(function(p){var i=p.indexOf('=');",
		"if(i>0)try{m[decodeURIComponent(p.slice(0,i))]=decodeURIComponent(p.slice(i+1).replace(/\\+/g,' '));}catch(e){}});",
		"q.value=m.q||'';st.value=has(st,m.status)?m.status:'all';so.value=has(so,m.sort)?m.sort:'subject';}",
		"function write(){var p=[];if(st.value!=='all')p.push('status='+encodeURIComponent(st.value));",
		"if(so.value!=='subject')p.push('sort='+encodeURIComponent(so.value));if(q.value)p.push('q='+encodeURIComponent(q.value));",
		"var h=p.length?'#'+p.join('&'):'';if(h===location.hash||(!h&&!location.hash))return;",
		"try{history.replaceState(null,'',h||location.pathname+location.search);}catch(e){location.hash=h;}}",
		"function apply(){var s=q.value.trim().toLowerCase(),f=st.value,k=so.value,d=k.charAt(0)==='-',key=d?k.slice(1):k;",
		"var o=cards.map(function(c,i){return i;});",
		"if(key==='status')o.sort(function(a,b){return (RANK[cards[a].getAttribute('data-status')]-RANK[cards[b].getAttribute('data-status')])||a-b;});",
		"else if(key!=='subject')o.sort(function(a,b){var x=num(cards[a],key),y=num(cards[b],key);",
		"if(isNaN(x))return isNaN(y)?a-b:1;if(isNaN(y))return -1;return (d?y-x:x-y)||a-b;});",
		"var n=0;o.forEach(function(i){var c=cards[i];if((f==='all'||c.getAttribute('data-status')===f)&&match(c,s)){",
		"c.removeAttribute('hidden');n++;}else c.setAttribute('hidden','');list.appendChild(c);});",
		"cnt.textContent='showing '+n+' of '+cards.length;}",
		"function changed(){write();apply();}",
		"q.addEventListener('input',changed);st.addEventListener('change',changed);so.addEventListener('change',changed);",
		"window.addEventListener('hashchange',function(){read();apply();});",
		"read();apply();",
		"})();", "");
}
