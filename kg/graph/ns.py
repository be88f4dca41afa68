"""Terms of the kg ontology. Generated from ontology/kg.ttl by
``python -m kg.graph.gen_ns``: do not edit by hand.
"""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KG(DefinedNamespace):
    _fail = True  # a misspelt term is an error, not a new IRI

    AttachedDocument: URIRef  # 所附文件 / attached document
    Attachment: URIRef  # 附件 / attachment
    Contact: URIRef  # 联系方式 / contact
    Directive: URIRef  # 规定事项 / directive
    Encouragement: URIRef  # 鼓励 / encouragement
    Evidence: URIRef  # 出处 / evidence
    Extraction: URIRef  # 抽取 / extraction
    OfficialDocument: URIRef  # 公文 / official document
    Section: URIRef  # 正文层次 / section
    Slogan: URIRef  # 提法 / slogan
    SourceFile: URIRef  # 源文件 / source file
    actionText: URIRef  # 行为 / action
    actor: URIRef  # 责任主体 / actor
    actorSource: URIRef  # 责任主体来源 / where the actor came from
    actorText: URIRef  # 责任主体原文 / actor as written
    addressee: URIRef  # 主送机关 / addressee
    attachmentLabel: URIRef  # 附件标识 / attachment label
    ccRecipient: URIRef  # 抄送机关 / copied to
    contact: URIRef  # 联系人 / contact
    copyNumber: URIRef  # 份号 / copy number
    cue: URIRef  # 情态词 / modal cue
    encoding: URIRef  # 编码 / encoding
    evidence: URIRef  # 出处 / evidence
    explicit: URIRef  # 明示 / explicit
    fileName: URIRef  # 文件名 / file name
    hasAttachment: URIRef  # 附件说明 / has attachment
    hasDirective: URIRef  # 规定 / has directive
    hasSection: URIRef  # 包含层次 / has section
    headerMark: URIRef  # 发文机关标志 / header mark
    heading: URIRef  # 标题 / heading
    inSection: URIRef  # 所在层次 / in section
    level: URIRef  # 层级 / level
    mentionsOrganization: URIRef  # 提及机构 / mentions organisation
    mentionsPerson: URIRef  # 提及人物 / mentions person
    mentionsPlace: URIRef  # 提及地点 / mentions place
    mentionsRole: URIRef  # 提及角色 / mentions role
    modality: URIRef  # 情态 / modality
    note: URIRef  # 附注 / note
    numeral: URIRef  # 序号 / numeral
    ordinal: URIRef  # 顺序 / ordinal
    organization: URIRef  # 所在机构 / organisation
    printedBy: URIRef  # 印发机关 / printed by
    printedOn: URIRef  # 印发日期 / printed on
    quotes: URIRef  # 引用提法 / quotes
    recognisedBy: URIRef  # 识别引擎 / recognised by
    scope: URIRef  # 范围 / scope
    secrecy: URIRef  # 密级和保密期限 / secrecy level
    sentence: URIRef  # 原句 / sentence
    sha256: URIRef  # SHA-256 / SHA-256
    signatory: URIRef  # 发文机关署名 / signatory
    signer: URIRef  # 签发人 / signer
    title: URIRef  # 职务 / title
    urgency: URIRef  # 紧急程度 / urgency

    _NS = Namespace("https://w3id.org/kg-gongwen/ontology#")
