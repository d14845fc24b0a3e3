"""The documents the rules rest on (依据), and the clauses we quote from them (原文摘录).

A rule names its documents in ``source``; where we have read a clause, it is a
:class:`~jixiao.review.catalogue.Citation` below, quoted as read with the page it was read
on.  We have read none of the three documents on the Ministry of Finance's own site: the
quotes come from copies on other sites, and each says so.  Everything a rule page does not
quote is recalled (回忆所得) and marked so on the page (``render.citation_lines``).
"""

from __future__ import annotations

from .catalogue import Citation

S88 = "财预〔2015〕88号 中央部门预算绩效目标管理办法"
S101 = "财预〔2021〕101号 中央部门项目支出核心绩效目标和指标设置及取值指引（试行）"
S10 = "财预〔2020〕10号 项目支出绩效评价管理办法"
PRACTICE = "地方预算绩效目标审核实践（各地审核手册）"

_SECONDARY = "第三方网页转引，未与财政部原文核对；原页为繁体并夹注拼音，此处转为简体"
_QDD = "https://qddinggu.cn/caishui/35371.html"
_FSOU = "http://fsou.com/html/text/lar/173454/17345420_2.html"

C101_COST_LEVELS = Citation(
    quote="成本指标包括经济成本指标、社会成本指标和生态环境成本指标等二级指标，"
    "分别反映项目实施产生的各方面成本的预期控制范围。",
    document="财预〔2021〕101号 附件1（成本指标）",
    url=_QDD,
    note=_SECONDARY,
)
C101_NEGATIVE_COSTS = Citation(
    quote="2、社会成本指标。反映实施相关项目对社会发展、公共福利等方面可能造成的负面影响。"
    "3.生态环境成本指标。反映实施相关项目对自然生态环境可能造成的负面影响。",
    document="财预〔2021〕101号 附件1（成本指标）",
    url=_QDD,
    note=_SECONDARY,
)
C101_UNIT_COST = Citation(
    quote="对单位成本无法拆分核算的任务，可设定分项成本控制数。",
    document="财预〔2021〕101号 附件1（成本指标）",
    url=_QDD,
    note=_SECONDARY,
)
C_GRADED = Citation(
    quote="具体细化。绩效目标应从数量、质量、成本和时效等方面进行细化，尽量进行定量表述，"
    "不能以量化形式表述的，可以采用定性的分级分档形式表述。",
    document="《财政支出绩效评价管理暂行办法》第十七条（文件名及文号 财预〔2011〕285号 为回忆所得；"
    "88号对绩效目标细化量化的要求与此一致，亦为回忆所得）",
    url=_FSOU,
    note="转载页摘录，未见该页标题；标点改为全角",
)
C_CONTENTS = Citation(
    quote="绩效目标应包括以下主要内容：（一）预期产出，包括提供的公共产品和服务的数量、质量和时效；"
    "（二）预期效果，包括经济效益、社会效益、环境效益和可持续影响等；"
    "（三）服务对象（含财政支出受益人，下同）满意程度；（四）达到预期产出所需要的成本资源；……",
    document="《财政支出绩效评价管理暂行办法》第十六条（文件名及文号 财预〔2011〕285号 为回忆所得）",
    url=_FSOU,
    note="转载页摘录，未见该页标题；标点改为全角",
)
C_INPUTS = Citation(
    quote="财力、人力和物力等投入数量不能作为绩效目[标]",
    document="地方绩效目标填报说明（文件名未见）",
    url="http://m.dybbs8.com/excel/974350.html",
    note="转载页摘要，繁体转为简体；原句在摘要中截断，方括号内为补足",
)
