// node --test tests/js: the maps page's number formats and chart geometry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { firstSentence, msText, ratioText, shapeText, shortCount, valueText } from "../../static/js/lib/mapsFormat.js";
import { chartModel, decadeTicks, logScale } from "../../static/js/lib/mapsChart.js";

test("shapeText joins with ×", () => {
  assert.equal(shapeText([16, 224, 224]), "16 × 224 × 224");
  assert.equal(shapeText([]), "1");
});

test("shortCount in English and Korean", () => {
  assert.equal(shortCount(950), "950");
  assert.equal(shortCount(12345), "12.3 k");
  assert.equal(shortCount(138357544), "138 M");
  assert.equal(shortCount(1.5e9), "1.5 G");
  assert.equal(shortCount(61706, "ko"), "6.17만");
  assert.equal(shortCount(138357544, "ko"), "1.38억");
  assert.equal(shortCount(950, "ko"), "950");
});

test("ratioText and msText", () => {
  assert.equal(ratioText(0.5), "×0.5");
  assert.equal(ratioText(1.3605442176870748), "×1.36");
  assert.equal(ratioText(null), "");
  assert.equal(msText(0.00042), "0.4 ms");
  assert.equal(msText(1.25), "1,250 ms");
  assert.equal(valueText(0.000012), "1.20e-5");
  assert.equal(valueText(-2.3456), "-2.35");
});

test("firstSentence keeps the text up to its first full stop", () => {
  assert.equal(firstSentence("AlexNet (2012), 61,100,840 parameters. Untrained: seeded."),
               "AlexNet (2012), 61,100,840 parameters.");
  assert.equal(firstSentence("No full stop here"), "No full stop here");
});

test("logScale maps decades evenly and decadeTicks covers the range", () => {
  const y = logScale(1, 1000, 300, 0);
  assert.equal(y(1), 300);
  assert.equal(y(10), 200);
  assert.equal(y(1000), 0);
  assert.deepEqual(decadeTicks(3, 2000), [1, 10, 100, 1000, 10000]);
});

test("chartModel: one volume point a layer, a parameter bar only where there are parameters", () => {
  const m = chartModel([{ volume: 4704, params: 156 }, { volume: 4704, params: 0 }, { volume: 1176, params: 0 }],
                       { width: 300, height: 100, left: 0, right: 0, top: 0, bottom: 0 });
  assert.equal(m.volume.length, 3);
  assert.equal(m.params.length, 1);
  assert.equal(m.volume[0].y, m.volume[1].y);
  assert.ok(m.volume[2].y > m.volume[0].y);          // smaller volume, lower (larger y)
  assert.ok(m.params[0].y > m.volume[0].y);
  assert.equal(m.volume[1].x, 150);
  assert.deepEqual(m.ticks.map((t) => t.value), [100, 1000, 10000]);
});
