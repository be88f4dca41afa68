"""Normalising noisy text, and the map back to the original characters."""
from __future__ import annotations

import pytest

from kg.model import Document, Source
from kg.pipeline import process
from kg.text.normalize import GAP, normalize

from .conftest import CORPUS


def lines(raw: str) -> list[str]:
    return [line.text for line in normalize(raw)]


def test_every_normalised_character_maps_back_to_its_source():
    for path in sorted(CORPUS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        for line in normalize(raw):
            for c, o in zip(line.text, line.offs):
                # the same character, or one of the documented rewrites
                assert raw[o] == c or c in "〔〕" + GAP or raw[o].isspace() and c == " ", (path.name, c, raw[o])


@pytest.mark.parametrize("page_number", ["- 2 -", "－3－", "—3—", " — 12 — ", "第 2 页", "第2页 共5页", "3/7"])
def test_page_numbers_are_dropped(page_number):
    assert lines(f"上一行\n{page_number}\n下一行") == ["上一行", "下一行"]


@pytest.mark.parametrize("raw, clean", [
    ("吉交院组字„2022‟2 号", "吉交院组字〔2022〕2号"),
    ("京政发【2021】3号", "京政发〔2021〕3号"),
    ("京政发[2021]3号", "京政发〔2021〕3号"),
    ("京政发［2021］3号", "京政发〔2021〕3号"),
    ("２０２２年３月１０日", "2022年3月10日"),
    ("2022 年 3 月 10 日", "2022年3月10日"),
    ("校 对：马 帅", "校对：马帅"),
    ("**务工作者和基层党员干部**", "务工作者和基层党员干部"),
    ("COVID 19 疫情", "COVID 19疫情"),
    ("签发人：张三    李四", f"签发人：张三{GAP}李四"),
    ("中共甲市委员会\u3000\u3000甲市人民政府", f"中共甲市委员会{GAP}甲市人民政府"),
    ("（2022年）", "（2022年）"),  # round brackets are text, not a number's
    ("2007年8月l5日", "2007年8月15日"),  # a letter typed for a digit
    ("2O21年1O月1日", "2021年10月1日"),
    ("Iowa年鉴", "Iowa年鉴"),
    ("-关于建立“主题党日”制度的通知", "关于建立“主题党日”制度的通知"),  # a list's bullet
    ("  • 各党支部：", "各党支部："),
    ("-2020年", "-2020年"),
    ("四、征集途径???????按照", f"四、征集途径{GAP}按照"),  # spaces the page's encoding lost
    ("为什么?", "为什么?"),
    ("海關(guān)總署關(guān)于", "海關總署關于"),  # readings a mirror site adds
    ("中国消防协(xié)会(huì )", "中国消防协会"),
    ("国内生产总值(GDP)", "国内生产总值(GDP)"),
    ("拼音（pinyin）", "拼音（pinyin）"),
])
def test_noise_is_cleaned(raw, clean):
    assert lines(raw) == [clean]


def test_readings_without_tones_go_only_where_a_text_has_many():
    mirror = "广西(xi)壮族自治区农(nong)业农(nong)村厅\n各市、县人民政(zheng)府(fu)，自治区(qu)(qu)各部门："
    assert lines(mirror) == ["广西壮族自治区农业农村厅", "各市、县人民政府，自治区各部门："]
    # one or two of the shape are text: a unit, a word in brackets
    assert lines("页面宽度(px)：1200，缩写(ai)") == ["页面宽度(px)：1200，缩写(ai)"]


def test_quote_broken_across_lines_is_joined_in_the_body():
    doc = process(Source(CORPUS / "000_2dafe728cb752b67.txt",
                         (CORPUS / "000_2dafe728cb752b67.txt").read_text(encoding="utf-8"), "txt"))
    body = "".join(b.text for b in doc.blocks if b.kind in ("paragraph", "heading"))
    assert "“两个确立”" in body and "“动态清零”" in body
    # one paragraph per section: nothing split mid-sentence
    assert sum(1 for b in doc.blocks if b.kind == "heading") == 6


def test_offsets_of_every_cited_value_point_at_it():
    for path in sorted(CORPUS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        doc = process(Source(path, raw, "txt"))
        assert doc.evidence
        for e in doc.evidence:
            squeezed = "".join(raw[e.start:e.end].split())
            if e.field in ("date", "printed_on", "doc_number", "doc_type"):
                continue  # value is rewritten (ISO date, 〔〕) or a suffix of the title
            assert squeezed == e.value.replace(GAP, ""), (path.name, e)


def test_lines_opening_with_a_closing_mark_go_on_the_line_above():
    assert lines("各分公司\n、子公司\n，机关各部室\n：\n（一）总体要求") == ["各分公司、子公司，机关各部室：", "（一）总体要求"]


def test_markup_let_into_the_text_breaks_paragraphs_and_goes():
    raw = ('停止赶集的通告 <p class="ql-block">各摊主：</p><p><br/></p>'
           '<p style="text-align: right;"> <strong>文田镇</strong>人民政府</p>\n关于印发<甲省方案>的通知')
    got = normalize(raw)
    assert [line.text for line in got] == ["停止赶集的通告", "各摊主：", "文田镇人民政府", "关于印发<甲省方案>的通知"]
    assert all(raw[o] == c for line in got for c, o in zip(line.text, line.offs))
