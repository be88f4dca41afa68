"""Terms of the kg ontology. Generated from ontology/kg.ttl by
``python -m kg.graph.gen_ns``: do not edit by hand.
"""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KG(DefinedNamespace):
    _fail = True  # a misspelt term is an error, not a new IRI

    Attachment: URIRef  # 附件 / attachment
    Evidence: URIRef  # 出处 / evidence
    Extraction: URIRef  # 抽取 / extraction
    OfficialDocument: URIRef  # 公文 / official document
    Section: URIRef  # 正文层次 / section
    SourceFile: URIRef  # 源文件 / source file
    addressee: URIRef  # 主送机关 / addressee
    ccRecipient: URIRef  # 抄送机关 / copied to
    copyNumber: URIRef  # 份号 / copy number
    encoding: URIRef  # 编码 / encoding
    evidence: URIRef  # 出处 / evidence
    fileName: URIRef  # 文件名 / file name
    hasAttachment: URIRef  # 附件说明 / has attachment
    hasSection: URIRef  # 包含层次 / has section
    headerMark: URIRef  # 发文机关标志 / header mark
    heading: URIRef  # 标题 / heading
    inFile: URIRef  # 所在文件 / in file
    level: URIRef  # 层级 / level
    note: URIRef  # 附注 / note
    numeral: URIRef  # 序号 / numeral
    ordinal: URIRef  # 顺序 / ordinal
    printedBy: URIRef  # 印发机关 / printed by
    printedOn: URIRef  # 印发日期 / printed on
    secrecy: URIRef  # 密级和保密期限 / secrecy level
    sha256: URIRef  # SHA-256 / SHA-256
    signatory: URIRef  # 发文机关署名 / signatory
    signer: URIRef  # 签发人 / signer
    urgency: URIRef  # 紧急程度 / urgency

    _NS = Namespace("https://w3id.org/kg-gongwen/ontology#")
