#!/usr/bin/env python3
"""Writes inputs/* and expect.tsv beside this file: python3 tests/data/field/gen.py.

Export shapes and agent language written independently of fixtures/ (other vendors' layouts,
colloquial and traditional forms, emoji, ordinary words that contain a rule's phrase); each
expectation is what a careful QA reviewer would agree with. tests/field.rs checks them.
"""
import os, json, shutil

ROOT = os.path.dirname(os.path.abspath(__file__))
INP = os.path.join(ROOT, "inputs")
# The q2-* files come from a later pass and are kept as written.
os.makedirs(INP, exist_ok=True)
for old in os.listdir(INP):
    if not old.startswith("q2-"):
        os.remove(os.path.join(INP, old))
EXP = []

def w(name, text, enc="utf-8", nl="\n", bom=b"", tail=b""):
    data = text.lstrip("\n")
    if nl != "\n":
        data = data.replace("\n", nl)
    with open(os.path.join(INP, name), "wb") as f:
        f.write(bom + data.encode(enc) + tail)

def e(name, kind, rule="", matched="", note=""):
    EXP.append((name, kind, rule, matched, note))

def must(n, rule, m="", note=""): e(n, "must", rule, m, note)
def mustnot(n, rule, m="", note=""): e(n, "must-not", rule, m, note)
def role(n, spk, r, note=""): e(n, "role", spk, r, note)
def convs(n, k, note=""): e(n, "conversations", str(k), "", note)

# ---------------------------------------------------------------- plain text
n = "t01_ts_no_brackets.txt"
w(n, """
2024-06-01 20:10:00 顾客: 在吗
2024-06-01 20:10:40 客服小王: 您好，请问有什么可以帮您？
2024-06-01 20:11:15 顾客: 我的快递三天了还没动，单号YT7788123456
2024-06-01 20:12:02 客服小王: 你问我我怎么知道，快递又不归我们管
2024-06-01 20:12:30 顾客: 那我问谁？
2024-06-01 20:13:10 客服小王: 抱歉，刚才态度不好。我这边帮您联系圆通催一下，稍后回复您，感谢您的耐心
""")
must(n, "taboo.ignorance", "你问我我怎么知道", "unbracketed date-time prefix")
mustnot(n, "standard.greeting", "", "first agent turn is 您好，请问有什么可以帮您？")
role(n, "客服小王", "agent"); role(n, "顾客", "customer"); convs(n, 1)
mustnot(n, "input.unparsed", "", "every line is a turn")

n = "t02_brackets_fullwidth_colon.txt"
w(n, """
[2024-06-01 20:10:00] 顾客：人呢？下午就问了发货的事
[2024-06-01 20:10:35] 客服小王：不好意思让您久等了，您好，请问是哪个订单？
[2024-06-01 20:11:02] 顾客：4032256671，快点发货啊
[2024-06-01 20:12:40] 客服小王：已经在排单了
催什么催，大促期间都是48小时内发
[2024-06-01 20:13:05] 顾客：……
""")
must(n, "taboo.impatience", "催什么催", "taboo in a continuation line of a turn")
mustnot(n, "standard.wait-apology", "", "人呢 was answered with 不好意思让您久等了")
role(n, "客服小王", "agent"); convs(n, 1)

n = "t03_lenticular_brackets.txt"
w(n, """
【2024-06-01 21:02:11】买家：你好，我想问下这个电饭煲有没有3L的
【2024-06-01 21:02:50】客服小周：喂，说吧，什么事
【2024-06-01 21:03:20】买家：？？我刚问了呀，有没有3L的
【2024-06-01 21:04:01】客服小周：有的，详情页第二个规格就是3L
""")
must(n, "taboo.rude-opening", "喂，说吧", "【】 timestamps")
must(n, "standard.greeting", "", "first agent turn opens with 喂，说吧 and no greeting")
role(n, "客服小周", "agent"); role(n, "买家", "customer"); convs(n, 1)

n = "t04_angle_time_bare_names.txt"
w(n, """
<20:10:05> 顾客: 你好，我付款的时候地址选错了
<20:10:41> 小王: 您好，请问是哪个订单呢？
<20:11:20> 顾客: 尾号6671的，填成我老家地址了
<20:12:02> 小王: 你有没有搞错，下单的时候页面上写得清清楚楚
<20:12:30> 顾客: 那现在还能改吗
<20:13:10> 小王: 已经帮您备注修改了，还有什么可以帮您的吗？
""")
must(n, "taboo.arguing", "你有没有搞错", "<HH:MM:SS> time, agent is a bare name opposite 顾客")
role(n, "小王", "agent"); convs(n, 1)

n = "t05_tab_separated_no_header.txt"
w(n, """
2024-06-01 20:10:00\t顾客\t你好 退货需要什么条件
2024-06-01 20:10:32\t客服小王\t您好，七天无理由退货需要吊牌完好、不影响二次销售
2024-06-01 20:11:10\t顾客\t吊牌剪了还能退吗
2024-06-01 20:11:45\t客服小王\t都说几遍了，吊牌要完好
2024-06-01 20:12:20\t顾客\t好吧
""")
must(n, "taboo.repeat-annoyance", "都说几遍了", "time<TAB>speaker<TAB>text, no header")
mustnot(n, "standard.greeting", "", "first agent turn greets with 您好")
role(n, "客服小王", "agent"); role(n, "顾客", "customer"); convs(n, 1)

n = "t06_time_only_midnight.txt"
w(n, """
23:58 顾客: 在吗？刚下的单还能改地址吗
23:59 客服小陈: 您好，在的，请问要改成哪里呢？
00:01 顾客: 改成 杭州市西湖区文三路 100号
00:12 客服小陈: 不好意思久等了，已经帮您修改好了，请您核对一下。还有什么可以帮您的吗？
00:13 顾客: 没了 谢谢
00:13 客服小陈: 不客气，祝您生活愉快，再见！
""")
mustnot(n, "timing.first-response", "", "23:58 -> 23:59 is one minute")
must(n, "timing.reply", "", "00:01 -> 00:12 after midnight is 11 min > 5 min")
role(n, "客服小陈", "agent")
mustnot(n, "timing.unanswered-24h", "", "chat crosses midnight; nothing waited 24h")
mustnot(n, "@error", "", "polite chat, only the late reply is a warning"); convs(n, 1)

n = "t07_name_then_time.txt"
w(n, """
顾客 (2024-06-01 20:09): 这个羽绒服能退吗 穿了一次
小王 (2024-06-01 20:10): 您好，请问有没有影响二次销售呢？
顾客 (2024-06-01 20:11): 没有 就试了一下 但是我觉得你们这个
小王 (2024-06-01 20:11): 你先听我说，穿过的都不能退
顾客 (2024-06-01 20:12): 行吧
""")
must(n, "taboo.commanding", "你先听我说", "`name (date time): text`")
role(n, "小王", "agent"); convs(n, 1)

n = "t08_speaker_time_colon.txt"
w(n, """
顾客 12:31:05: 你好 在吗
客服小王 12:31:40: 您好，在的
顾客 12:32:10: 我买的空调什么时候安装
客服小王 12:33:02: 不知道现在是休息时间吗，下午两点以后再问
""")
must(n, "taboo.impatience", "不知道现在是休息时间", "`speaker HH:MM:SS: text`")
role(n, "客服小王", "agent"); convs(n, 1)

n = "t09_dash_separator.txt"
w(n, """
客服 - 您好，这里是售后服务中心，请问有什么可以帮您？
顾客 - 上周报修的洗衣机到现在没人上门，你们怎么回事
客服 - 又不是我处理的，你跟我喊什么
顾客 - 那你们谁处理的？
客服 - 我帮您查一下工单，请稍等
""")
must(n, "taboo.shirking", "又不是我处理的", "`speaker - text`")
role(n, "客服", "agent"); role(n, "顾客", "customer"); convs(n, 1)

n = "t10_bracketed_role_tag.txt"
w(n, """
【客服】小王：您好，欢迎光临小熊家居旗舰店，请问有什么可以帮您？
【顾客】tb_5512：我昨天拍的那个书架能换成白色吗
【客服】小王：你怎么不早说呀，已经打包了
【顾客】tb_5512：昨天晚上就留言了啊
【客服】小王：抱歉，我去仓库拦截一下，稍后回复您
""")
must(n, "taboo.blame-customer", "你怎么不早说", "role tag 【客服】 before the name")
mustnot(n, "standard.greeting", "", "first agent turn greets"); convs(n, 1)

n = "t11_role_in_parens.txt"
w(n, """
张女士（客户）：你好，我的快递显示签收了但是我没收到
小王（客服）：您好，请您提供一下订单号
张女士（客户）：20240601-7781
小王（客服）：这个跟我们没关系，你问快递吧
张女士（客户）：？？？东西是你们发的
""")
must(n, "taboo.ignorance", "跟我们没关系", "`name（role）：text`")
convs(n, 1)

n = "t12_no_timestamps.txt"
w(n, """
顾客：在吗
客服小刘：您好，在的，请问有什么可以帮您？
顾客：你们页面上写的包邮，怎么还收我运费
客服小刘：是我说的吗？偏远地区不包邮，页面最下面写了
顾客：我在成都 哪里偏远了
客服小刘：不好意思，我再帮您核实一下
""")
must(n, "taboo.shirking", "是我说的吗", "speaker：text without time")
role(n, "客服小刘", "agent"); convs(n, 1)
mustnot(n, "timing.first-response", "", "no timestamps: timing rules cannot apply")

n = "t13_crlf.txt"
w(n, """
[2024-06-01 20:10:00] 顾客: 你好，这个路由器支持WiFi6吗
[2024-06-01 20:10:25] 客服小王: 您好，支持的
[2024-06-01 20:11:00] 顾客: 那能穿两堵墙吗
[2024-06-01 20:11:40] 客服小王: 不知道。
[2024-06-01 20:12:00] 顾客: ……
""", nl="\r\n")
must(n, "taboo.dont-know", "不知道", "bare 不知道。 as a whole message, CRLF line endings")
role(n, "客服小王", "agent"); convs(n, 1)

n = "t14_bom.txt"
w(n, """
[2024-06-01 20:10:00] 顾客: 你好，我想问一下发票的事
[2024-06-01 20:10:20] 客服小王: 您好，请说
[2024-06-01 20:11:00] 顾客: 能开专票吗？上次问过了你们说能 这次又说不能
[2024-06-01 20:11:40] 客服小王: 烦人，问了好几遍了
""", bom=b"\xef\xbb\xbf")
must(n, "taboo.insult", "烦人", "UTF-8 BOM file")
mustnot(n, "input.unparsed", "", "the BOM must not make the first line unreadable")
role(n, "顾客", "customer"); role(n, "客服小王", "agent"); convs(n, 1)

n = "t15_continuation_note.txt"
w(n, """
[2024-06-02 09:15:02] 顾客: 你好 我的订单什么时候发货
[2024-06-02 09:15:30] 客服小王: 您好，我帮您看一下，请您稍等
[2024-06-02 09:16:10] 客服小王: 查到了，明天上午发顺丰
备注：明天发货，请保持电话畅通
[2024-06-02 09:16:40] 顾客: 好的谢谢
[2024-06-02 09:17:00] 客服小王: 不客气，感谢您的支持，祝您生活愉快！
""")
mustnot(n, "@error", "", "polite complete chat with a 备注： continuation line")
convs(n, 1)
mustnot(n, "standard.closing", "", "last agent turn closes")

# ---------------------------------------------------------------- header-line layouts
n = "h01_qianniu_receipts.txt"
w(n, """
小米官方旗舰店:小林 2024-3-1 10:00:30
亲，您好，欢迎光临小米官方旗舰店，请问有什么可以帮您？
已读
tb_8812 2024-3-1 10:01:00
手环充不进电 才买了一周
tb_8812 2024-3-1 10:01:12
什么破东西 垃圾店
小米官方旗舰店:小林 2024-3-1 10:01:50
非常抱歉给您带来不好的体验，请您先换一根数据线试试
已读
小米官方旗舰店:小林 2024-3-1 10:02:20
不清楚
未读
小米官方旗舰店:小林 2024-3-1 10:02:40
亲，刚才发错了，如果换线也不行，我这边给您办理换新
已读
""")
must(n, "taboo.dont-know", "不清楚", "bare 不清楚 between receipts")
mustnot(n, "standard.calm-angry-customer", "", "垃圾店 was answered with an apology")
mustnot(n, "standard.greeting", "", "first agent message greets")
role(n, "小米官方旗舰店:小林", "agent"); role(n, "tb_8812", "customer"); convs(n, 1)

n = "h02_jd_dongdong.txt"
w(n, """
jd_4a7b2c9e 2024-06-18 08:42:31
你好 618买的冰箱什么时候送
客服小王 2024-06-18 08:43:02
您好，欢迎咨询京东自营，请问订单号是多少呢？
jd_4a7b2c9e 2024-06-18 08:43:40
283719001234 都三天了
客服小王 2024-06-18 08:44:15
你着什么急，618期间仓库都爆了
jd_4a7b2c9e 2024-06-18 08:44:50
？？
""")
must(n, "taboo.impatience", "你着什么急", "京东咚咚: `nick YYYY-MM-DD HH:MM:SS` header, message below")
role(n, "客服小王", "agent"); role(n, "jd_4a7b2c9e", "customer"); convs(n, 1)

n = "h03_doudian_time_first.txt"
w(n, """
2024-06-01 20:10:00 用户9527
主播说今天下单送围巾 我怎么没有
2024-06-01 20:10:45 客服小王
您好，赠品是按付款顺序发的，请问您是几点付的款呢？
2024-06-01 20:11:30 用户9527
八点多 我也不记得了
2024-06-01 20:12:05 客服小王
你想好了没有？想好了再来问
""")
must(n, "taboo.commanding", "你想好了没有", "抖店飞鸽: `YYYY-MM-DD HH:MM:SS nick` header")
mustnot(n, "standard.greeting", "", "first agent turn greets with 您好")
role(n, "客服小王", "agent"); convs(n, 1)

n = "h04_wecom.txt"
w(n, """
张先生 2024/06/03 14:20:11
你好，我上周在你们门店办的卡，怎么扣了两次钱
客服-小王 2024/06/03 14:21:02
您好，我帮您查一下，请您稍等
客服-小王 2024/06/03 14:22:30
查到了，第二笔是年费，办卡的时候说过的
张先生 2024/06/03 14:23:00
谁说过？你这什么态度
客服-小王 2024/06/03 14:23:40
我态度怎么了？我态度挺好的
""")
must(n, "taboo.arguing", "我态度怎么了", "企业微信 with `/` dates and 客服-小王")
must(n, "standard.calm-angry-customer", "", "什么态度 answered by arguing")
role(n, "客服-小王", "agent"); convs(n, 1)

n = "h05_dingtalk_recall.txt"
w(n, """
刘女士 09:30:12
你好，你们发的快递单号查不到
小王(客服) 09:30:50
您好，请您稍等，我核对一下
小王(客服) 撤回了一条消息
小王(客服) 09:31:40
有没有搞错啊，您给我的是订单号不是单号
刘女士 09:32:10
我就是复制的你们发的短信
""")
must(n, "taboo.arguing", "有没有搞错啊", "钉钉: `name(客服) HH:MM:SS` header and a recall line")
role(n, "小王(客服)", "agent"); role(n, "刘女士", "customer"); convs(n, 1)

n = "h06_qq_export.txt"
w(n, """
消息记录（此消息记录为文本格式，不支持重新导入）

================================================================
消息分组:我的客户
================================================================
消息对象:大眼睛
================================================================

2024-06-01 20:10:00 大眼睛(1234567)
你好，我上次寄回去的耳机收到了吗

2024-06-01 20:10:42 售后客服小李(2850001234)
您好，请您提供一下寄回的快递单号

2024-06-01 20:11:30 大眼睛(1234567)
不是已经给过了吗

2024-06-01 20:12:05 售后客服小李(2850001234)
刚才不是跟你说了吗，要先在系统里提交申请再寄回

""")
must(n, "taboo.repeat-annoyance", "刚才不是跟你说了吗", "QQ export with its ===== header block")
convs(n, 1, "the ===== lines of the QQ header are decoration, not conversation separators")

n = "h07_qianniu_handover.txt"
w(n, """
tb_6631 2024-6-14 9:00
在吗 我想换个尺码
旗舰店:小林 2024-6-14 9:00:40
亲，您好，欢迎光临，请问您要换成什么尺码呢？
已读
tb_6631 2024-6-14 9:01:10
L换成XL
旗舰店:小林 2024-6-14 9:01:35
好的，我帮您转接售后同事处理，请您稍等
已读
tb_6631 2024-6-14 9:15:02
人呢？怎么这么久
旗舰店:小王 2024-6-14 9:15:40
您的订单已经发货了，换不了
tb_6631 2024-6-14 9:16:10
那我收到了能换吗 XL还有吗
旗舰店:小王 2024-6-14 9:16:55
你怎么还不明白，发货了就只能退了重拍
""")
must(n, "taboo.repeat-annoyance", "你怎么还不明白", "second sub-account after a handover")
must(n, "standard.wait-apology", "", "人呢？怎么这么久 answered by 小王 with no apology")
mustnot(n, "standard.greeting", "", "the first agent turn (小林) greets")
role(n, "旗舰店:小王", "agent"); role(n, "tb_6631", "customer")
convs(n, 1, "one buyer, two sub-accounts")

n = "h08_qianniu_polite.txt"
w(n, """
tb_2240918 2024-6-20 21:03:11
你好 这个吸尘器有现货吗
三只松鼠旗舰店:小雅 2024-6-20 21:03:30
亲，您好，欢迎光临，有现货的哦，今天下单明天发货
已读
tb_2240918 2024-6-20 21:04:02
[图片]
tb_2240918 撤回了一条消息
tb_2240918 2024-6-20 21:04:20
是这款吗
三只松鼠旗舰店:小雅 2024-6-20 21:04:45
是的亲，就是这款，现在还有满300减30的活动
已读
tb_2240918 2024-6-20 21:05:10
好的 我拍了
三只松鼠旗舰店:小雅 2024-6-20 21:05:30
感谢您的支持，我们会尽快为您发货，祝您生活愉快！
已读
""")
mustnot(n, "@error", "", "polite complete 千牛 chat with an image, a recall and receipts")
mustnot(n, "standard.closing", "", "last agent turn closes")
convs(n, 1)

# ---------------------------------------------------------------- separators
n = "s01_hash_session_headers.txt"
w(n, """
### 会话 C00000001 | 渠道: 淘宝旗舰店 | 客服: 客服小孙 | 日期: 2024-07-05
[10:02:11] 顾客: 你好，请问这个保温杯能装碳酸饮料吗
[10:02:40] 客服小孙: 您好，不建议装碳酸饮料哦，会影响密封
[10:03:05] 顾客: 好的谢谢
[10:03:20] 客服小孙: 不客气，祝您生活愉快！

### 会话 C00000002 | 渠道: 淘宝旗舰店 | 客服: 客服小孙 | 日期: 2024-07-05
[11:15:00] 顾客: 发货了没有啊 都两天了
[11:15:40] 客服小孙: 您好，今天下午发
[11:16:10] 顾客: 昨天你们也是这么说的
[11:16:45] 客服小孙: 烦人，说了今天就今天

### 会话 C00000003 | 渠道: 淘宝旗舰店 | 客服: 客服小孙 | 日期: 2024-07-05
[14:30:00] 顾客: 在吗
[14:30:30] 客服小孙: 在，什么事
""")
convs(n, 3, "### 会话 header lines start conversations")
must(n, "taboo.insult", "烦人", "in session C00000002")
must(n, "standard.greeting", "", "session C00000003 opens with 在，什么事")
role(n, "客服小孙", "agent")

n = "s02_session_id_lines.txt"
w(n, """
会话ID: 118203
[2024-06-01 20:10:00] 顾客: 你好 这个面膜孕妇能用吗
[2024-06-01 20:10:25] 客服小美: 您好，这款成分温和，孕期可以使用，建议先在耳后试用
[2024-06-01 20:11:00] 顾客: 好的谢谢
[2024-06-01 20:11:10] 客服小美: 不客气，祝您生活愉快！

会话ID: 118204
[2024-06-01 20:30:00] 顾客: 我要退款 东西用了过敏
[2024-06-01 20:30:40] 客服小美: 请提供一下订单号和过敏部位的照片
[2024-06-01 20:31:20] 顾客: 你们是不是骗子 宣传说不过敏
[2024-06-01 20:32:00] 客服小美: 订单号发一下
""")
convs(n, 2, "`会话ID: N` lines start conversations")
must(n, "standard.greeting", "", "second conversation's first agent turn does not greet")
must(n, "standard.calm-angry-customer", "", "骗子 answered with 订单号发一下")
mustnot(n, "taboo.*", "", "no taboo phrase in this file")

n = "s03_date_dividers.txt"
w(n, """
----- 2024-06-01 -----
23:50:10 顾客: 你好 我的订单显示已签收 但是我没收到
----- 2024-06-02 -----
00:01:00 客服小王: 您好，不好意思让您久等了，请问订单号是多少？
00:01:40 顾客: 112233445566
00:02:30 客服小王: 我帮您联系快递核实，请您留意电话，还有什么可以帮您的吗？
""")
convs(n, 1, "date divider lines inside one chat are not separators")
must(n, "timing.first-response", "", "23:50:10 -> next day 00:01:00 is 10m50s > 3 min")
mustnot(n, "timing.unanswered-24h", "", "the question was answered 11 minutes later")

n = "s04_triple_equals.txt"
w(n, """
=== 20240601-0001
[2024-06-01 09:00:00] 顾客: 你们客服是不是神经病 让我等了一早上
[2024-06-01 09:00:30] 客服小王: 非常抱歉让您久等了，请问有什么可以帮您？
=== 20240601-0002
[2024-06-01 09:10:00] 顾客: 在吗 想问下这个能不能便宜点
[2024-06-01 09:10:20] 客服小王: 您好，已经是活动价了哦
[2024-06-01 09:10:50] 顾客: 再便宜五块 我就拍
[2024-06-01 09:11:30] 客服小王: 讨厌，又来砍价
""")
convs(n, 2)
must(n, "taboo.insult", "讨厌", "agent in conversation 20240601-0002")
mustnot(n, "taboo.insult", "神经病", "said by the customer")

# ---------------------------------------------------------------- speaker titles
n = "r01_titled_agents.txt"
w(n, """
=== A
[2024-06-01 10:00:00] tb_8812: 这件T恤尺码偏大还是偏小
[2024-06-01 10:00:30] 售前客服小李: 您好，尺码是标准的，详情页有尺码表
[2024-06-01 10:01:10] tb_8812: 我175 140斤穿多大
[2024-06-01 10:01:50] 售前客服小李: 怎么又问，尺码表上写着呢
=== B
[2024-06-01 11:00:00] 小美: 这个口红还有货吗
[2024-06-01 11:00:20] 在线客服: 您好，有的，请问要哪个色号？
[2024-06-01 11:01:00] 小美: 我看看
[2024-06-01 11:03:00] 在线客服: 快点说，要哪个色号
=== C
[2024-06-01 12:00:00] 王先生: 你好，扫地机器人不充电了
[2024-06-01 12:00:40] 官方客服: 您好，请问购买多久了呢？
[2024-06-01 12:01:20] 王先生: 就是你们这买的，快递送来就坏了
[2024-06-01 12:02:00] 官方客服: 运输问题跟我没关系
=== D
[2024-06-01 13:00:00] 来电用户: 喂 我家宽带断了
[2024-06-01 13:00:10] 人工坐席007: 您好，请问您的宽带账号是多少？
[2024-06-01 13:00:40] 来电用户: 好像是 是那个 我找一下
[2024-06-01 13:01:20] 人工坐席007: 你说清楚点，账号是多少
=== E
[2024-06-01 14:00:00] 阿杰: 退款什么时候到
[2024-06-01 14:00:30] 客服-小王: 您好，原路退回，1到3个工作日到账
[2024-06-01 14:01:00] 阿杰: 那到底是几天
[2024-06-01 14:01:40] 客服-小王: 我都说几遍了，1到3个工作日
""")
convs(n, 5)
must(n, "taboo.repeat-annoyance", "怎么又问", "售前客服小李: title before 客服")
must(n, "taboo.impatience", "快点说", "在线客服")
must(n, "taboo.ignorance", "跟我没关系", "官方客服")
must(n, "taboo.commanding", "你说清楚点", "人工坐席007")
must(n, "taboo.repeat-annoyance", "我都说几遍了", "客服-小王")
role(n, "售前客服小李", "agent"); role(n, "在线客服", "agent"); role(n, "官方客服", "agent")
role(n, "人工坐席007", "agent"); role(n, "客服-小王", "agent")

n = "r02_nicknames_only.txt"
w(n, """
[2024-06-05 19:20:00] 小美: 在吗
[2024-06-05 19:21:30] 阿杰: 在 咋了
[2024-06-05 19:22:00] 小美: 上次说的那个链接发我下
[2024-06-05 19:23:10] 阿杰: 不知道
[2024-06-05 19:23:40] 小美: 烦人 你自己说的要发我
""")
mustnot(n, "standard.greeting", "", "no agent can be identified among two nicknames")
mustnot(n, "taboo.dont-know", "", "阿杰 is not known to be an agent")
mustnot(n, "taboo.insult", "", "小美 is not known to be an agent")
convs(n, 1)

n = "r03_system_messages.txt"
w(n, """
[2024-06-01 20:00:00] 系统: 顾客已进入会话，正在为您转接人工客服
[2024-06-01 20:00:05] 机器人小蜜: 您好，我是智能助手小蜜，请问有什么可以帮您？
[2024-06-01 20:00:20] 顾客: 转人工
[2024-06-01 20:00:21] 系统: 已为您转接人工客服，当前排队人数 3 人
[2024-06-01 20:02:00] 人工客服小王: 您好，让您久等了，我是客服小王，请问有什么可以帮您？
[2024-06-01 20:02:40] 顾客: 我买的电视屏幕有一条线
[2024-06-01 20:03:20] 人工客服小王: 非常抱歉，请您拍一张照片发给我们，好吗？我们安排师傅上门检测
[2024-06-01 20:04:00] 顾客: 好的
[2024-06-01 20:04:30] 人工客服小王: 感谢您的耐心，还有什么可以帮您的吗？
""")
mustnot(n, "@error", "", "bot + transfer + polite agent")
role(n, "系统", "system"); role(n, "顾客", "customer"); convs(n, 1)

# ---------------------------------------------------------------- CSV / TSV
n = "c01_helpdesk_cn.csv"
w(n, """
会话ID,发送时间,发送方,角色,内容
S20240601001,2024-06-01 10:00:00,王女士,客户,你好 我收到的杯子是碎的
S20240601001,2024-06-01 10:00:35,客服小周,客服,"您好，非常抱歉给您带来不便。
麻烦您拍一下外包装和杯子的照片，
我们马上为您补发。"
S20240601001,2024-06-01 10:01:20,王女士,客户,你们就是骗子 上次也是碎的
S20240601001,2024-06-01 10:02:00,客服小周,客服,非常理解您的心情，这次我们给您加固包装，实在抱歉
S20240601002,2024-06-01 11:00:00,李先生,客户,我的退款怎么还没到
S20240601002,2024-06-01 11:00:40,客服小吴,客服,"又不是我处理的，你跟我喊什么"
S20240601002,2024-06-01 11:01:10,李先生,客户,"我说""喊""了吗？"
""", nl="\r\n")
convs(n, 2)
must(n, "taboo.shirking", "又不是我处理的", "quoted CSV field")
mustnot(n, "standard.calm-angry-customer", "", "骗子 answered with 理解/抱歉")
role(n, "客服小吴", "agent")

n = "c02_helpdesk_en_headers.csv"
w(n, """
Conversation ID,Timestamp,Sender,Sender Type,Message
88213,2024-06-02T09:00:05Z,Lisa Chen,end-user,你好，我想改一下收货地址
88213,2024-06-02T09:00:40Z,Support - Kevin,agent,您好，请问改到哪里呢？
88213,2024-06-02T09:01:30Z,Lisa Chen,end-user,上海市浦东新区张江路 88 号
88213,2024-06-02T09:02:10Z,Support - Kevin,agent,"你到底要改到哪，说清楚点"
88214,2024-06-02T10:00:00Z,Mark Liu,end-user,发票什么时候能开
88214,2024-06-02T10:00:30Z,Support - Kevin,agent,我也不知道
""")
convs(n, 2)
must(n, "taboo.dont-know", "我也不知道", "English help-desk headers, role column `Sender Type`")
must(n, "taboo.commanding", "", "你到底要改 (regex 4.17)")
role(n, "Support - Kevin", "agent")

n = "c03_ragged_row.csv"
w(n, """
会话ID,时间,发送人,内容
1001,2024-06-01 20:10:00,顾客,在吗 我的订单什么时候发货
1001,2024-06-01 20:10:30,客服小王,您好,请问订单号是多少？
1001,2024-06-01 20:11:00,顾客,556677
1001,2024-06-01 20:12:00,客服小王,催什么催,大促期间都是48小时发货
""")
convs(n, 1)
must(n, "taboo.impatience", "催什么催", "row with an unquoted comma in the message")
mustnot(n, "standard.greeting", "", "first agent turn is 您好,请问订单号是多少？ (split by the stray comma)")

n = "c04_chat_per_row.csv"
w(n, """
客户ID,聊天记录
C1001,"[2024-06-01 10:00:00] 顾客: 你好，我的扫地机不回充了
[2024-06-01 10:00:30] 客服小王: 您好，请您把充电座放在靠墙的位置试一下
[2024-06-01 10:01:00] 顾客: 好的，谢谢
[2024-06-01 10:01:20] 客服小王: 不客气，祝您生活愉快！"
C1002,"[2024-06-01 11:00:00] 顾客: 为什么又给我发错颜色
[2024-06-01 11:00:40] 客服小王: 神经病，我看看
[2024-06-01 11:01:10] 顾客: 你骂谁呢？"
""")
convs(n, 2)
must(n, "taboo.insult", "神经病", "whole chat in a 聊天记录 cell")

n = "c05_canned_library.csv"
w(n, """
分组,快捷编码,快捷短语
售前,/hi,亲，您好，欢迎光临宝贝屋，请问有什么可以帮您？
售前,/size,亲，宝宝的尺码请参考详情页的尺码表，随便你挑哦～
母婴,/wy,喂养方面的问题可以咨询我们的营养顾问，她会一对一指导您
母婴,/nz,喂奶瓶的奶嘴请按月龄选择，新生儿建议S号
母婴,/fs,喂辅食建议从6个月开始，每次只加一种新食物
售后,/wait,等会儿，正在查
售后,/kf,亲，麻烦人工客服核实后再回复您，请您稍等
""")
must(n, "taboo.make-wait", "", "canned reply `等会儿，正在查`")
mustnot(n, "taboo.rude-opening", "喂养", "喂养 is ordinary language (except list)")
mustnot(n, "taboo.rude-opening", "喂奶", "喂奶瓶")
mustnot(n, "taboo.rude-opening", "喂辅食", "喂辅食 (feeding solids) is ordinary baby-care language, not a rude 喂")
mustnot(n, "taboo.insult", "麻烦人工", "麻烦人工客服 contains 烦人")
mustnot(n, "taboo.provoke-complaint", "随便你", "随便你挑 is an offer")

n = "c06_tsv_with_header.tsv"
w(n, """
会话编号\t发送时间\t发送人\t消息内容
T-01\t2024-06-01 15:00:00\t顾客\t你好，你们的洗碗机能装在橱柜里吗
T-01\t2024-06-01 15:00:30\t客服小赵\t您好，可以嵌入安装，需要预留60cm宽度
T-01\t2024-06-01 15:01:10\t顾客\t那安装费多少
T-01\t2024-06-01 15:01:40\t客服小赵\t我不清楚
""")
must(n, "taboo.dont-know", "我不清楚", "TSV with Chinese header")
role(n, "客服小赵", "agent"); convs(n, 1)

n = "c07_excel_utf8_bom.csv"
w(n, """
会话ID,时间,发送方,内容
A01,2024/6/1 20:10,顾客,在吗
A01,2024/6/1 20:11,客服小王,您好，在的
A01,2024/6/1 20:12,顾客,我昨天买的奶粉能退吗
A01,2024/6/1 20:13,客服小王,拆了就不能退了，你有没有搞错
""", bom=b"\xef\xbb\xbf", nl="\r\n")
must(n, "taboo.arguing", "你有没有搞错", "Excel 'CSV UTF-8': BOM before the first header, CRLF, 2024/6/1 20:10")
convs(n, 1, "BOM must not hide the 会话ID column")

n = "c08_excel_gbk.csv"
w(n, """
会话ID,时间,发送方,内容
B07,2024/6/1 9:05,买家,你好 空调加氟要钱吗
B07,2024/6/1 9:06,客服小张,您好，保修期内免费
B07,2024/6/1 9:07,买家,我的过保了
B07,2024/6/1 9:08,客服小张,过保了你问师傅吧
""", enc="gbk", nl="\r\n")
must(n, "taboo.shirking", "", "你问师傅吧 (regex 你问XXX吧) in a GBK CSV saved by Excel")
convs(n, 1)

n = "c09_canned_replies.txt"
w(n, """
亲，您好，欢迎光临，请问有什么可以帮您？
亲，您的订单已经发货了，请您留意物流信息哦
有事等会再说
亲，非常抱歉给您带来不便，我们马上为您处理
随便你怎么搭都好看哦亲
""")
must(n, "taboo.impatience", "有事等会", "one reply per line in canned_replies.txt")
mustnot(n, "taboo.provoke-complaint", "随便你", "随便你怎么搭都好看 is a compliment, not 4.22")
mustnot(n, "standard.greeting", "", "canned replies: conversation rules do not apply")
mustnot(n, "standard.closing", "", "canned replies: conversation rules do not apply")

n = "c10_canned_library.toml"
w(n, '''
[[reply]]
group = "售前"
shortcut = "/hi"
text = "亲，您好，欢迎光临，请问有什么可以帮您？"

[[reply]]
group = "售后"
shortcut = "/kd"
text = "物流慢跟我们没关系，您去问快递吧"

[[reply]]
group = "售后"
shortcut = "/bq"
text = "非常抱歉给您带来不便，我们会尽力为您解决的"
''')
must(n, "taboo.ignorance", "跟我们没关系", "TOML canned library")
mustnot(n, "standard.closing", "")

# ---------------------------------------------------------------- JSON
n = "j01_chat.jsonl"
lines = [
 {"session_id": "c1", "time": "2024-06-01 20:10:00", "sender": "buyer_77", "role": "顾客", "content": "你好 我的快递到哪了"},
 {"session_id": "c1", "time": "2024-06-01 20:10:30", "sender": "小王", "role": "客服", "content": "订单已发货，物流单号 SF1234567890，shipping中"},
 {"session_id": "c1", "time": "2024-06-01 20:11:00", "sender": "buyer_77", "role": "顾客", "content": "催什么催 我就问问"},
 {"session_id": "c1", "time": "2024-06-01 20:11:30", "sender": "小王", "role": "客服", "content": "不好意思，预计明天送达，还有什么可以帮您的吗？"},
 {"session_id": "c2", "time": "2024-06-01 21:00:00", "sender": "buyer_88", "role": "顾客", "content": "在吗"},
 {"session_id": "c2", "time": "2024-06-01 21:00:20", "sender": "小李", "role": "客服", "content": "Ｈｅｌｌｏ～请问有什么可以帮您？"},
 {"session_id": "c2", "time": "2024-06-01 21:01:00", "sender": "buyer_88", "role": "顾客", "content": "这个能开发票吗"},
 {"session_id": "c2", "time": "2024-06-01 21:01:30", "sender": "小李", "role": "客服", "content": "能开，下单时备注抬头和税号就行，感谢您的支持"},
]
w(n, "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
convs(n, 2)
must(n, "standard.greeting", "", "c1: first agent turn has no greeting (the 'hi' inside 'shipping' is not one)")
mustnot(n, "taboo.impatience", "催什么催", "said by the customer")
role(n, "buyer_77", "customer"); role(n, "小王", "agent")

n = "j02_conversations.json"
doc = [
 {"conversation_id": "T-5001", "channel": "web", "messages": [
   {"sender": "访客3381", "role": "customer", "time": "2024-06-03 09:00:00", "text": "你好，我想咨询一下你们的会员卡"},
   {"sender": "客服小林", "role": "agent", "time": "2024-06-03 09:00:25", "text": "您好，欢迎咨询，请问想了解哪方面呢？"},
   {"sender": "访客3381", "role": "customer", "time": "2024-06-03 09:01:00", "text": "年卡多少钱？能退吗"},
   {"sender": "客服小林", "role": "agent", "time": "2024-06-03 09:01:40", "text": "你问的什么问题，你不知道啊？页面上都写着"}]},
 {"conversation_id": "T-5002", "channel": "app", "messages": [
   {"sender": "访客4410", "role": "customer", "time": "2024-06-03 10:00:00", "text": "我要投诉你们 快递员态度太差"},
   {"sender": "客服小林", "role": "agent", "time": "2024-06-03 10:00:30", "text": "你去投诉啊"}]}
]
w(n, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
convs(n, 2)
must(n, "taboo.ignorance", "你问的什么问题", "")
must(n, "taboo.provoke-complaint", "去投诉啊", "")
must(n, "standard.escalation-24h", "", "我要投诉你们 answered with 你去投诉啊")
role(n, "客服小林", "agent")

n = "j03_hotline_asr.json"
doc = {"tid": 88, "caller": "138****5521", "dialogue": [
  {"role": "坐席", "words": "喂，讲啊", "begin": 1520},
  {"role": "来电人", "words": "喂你好我想问一下我家那个燃气费怎么交", "begin": 3800},
  {"role": "坐席", "words": "什么？听不清，重讲", "begin": 8200},
  {"role": "来电人", "words": "我说燃气费怎么交", "begin": 11000},
  {"role": "坐席", "words": "您好，可以在支付宝生活缴费里交，请问还有什么可以帮您？", "begin": 14500},
]}
w(n, json.dumps(doc, ensure_ascii=False) + "\n")
must(n, "taboo.rude-opening", "喂，讲啊", "hotline ASR dialogue")
must(n, "taboo.hearing", "什么？听不清", "leftmost-longest: 什么听不清 is a phrase")
mustnot(n, "taboo.rude-opening", "喂你好", "the caller's 喂 is not checked")
convs(n, 1)

n = "j04_unicode_escapes.json"
doc = [{"session": "E-1", "messages": [
  {"from": "顾客", "text": "你好，什么时候发货"},
  {"from": "客服小王", "text": "催什么催，明天发"}]}]
w(n, json.dumps(doc, ensure_ascii=True, indent=1) + "\n")
must(n, "taboo.impatience", "催什么催", "JSON with \\uXXXX escapes: matched is decoded")
role(n, "客服小王", "agent"); convs(n, 1)

n = "j05_jsonl_with_bad_line.jsonl"
good1 = {"conversation_id": "k1", "sender": "顾客", "text": "你好 这个耳机降噪怎么样", "time": "2024-06-01 10:00:00"}
good2 = {"conversation_id": "k1", "sender": "客服小王", "text": "您好，降噪效果很好的", "time": "2024-06-01 10:00:30"}
good3 = {"conversation_id": "k1", "sender": "顾客", "text": "戴着打电话对方听得清吗", "time": "2024-06-01 10:01:00"}
good4 = {"conversation_id": "k1", "sender": "客服小王", "text": "你想好了吗？想好了就拍", "time": "2024-06-01 10:01:30"}
w(n, "\n".join([json.dumps(good1, ensure_ascii=False), json.dumps(good2, ensure_ascii=False),
                '{"conversation_id": "k1", "sender": "顾客", "text": "[语音消息] 被截断',
                json.dumps(good3, ensure_ascii=False), json.dumps(good4, ensure_ascii=False)]) + "\n")
must(n, "input.unparsed", "", "truncated line 3")
must(n, "taboo.commanding", "你想好了吗", "line after the broken one is still checked")

n = "j06_epoch_ms.jsonl"
base = 1717207800000
rows = [("u", "你好 在吗"), ("a", "您好，在的，请问有什么可以帮您？"), ("u", "上次买的面霜过敏了"),
        ("a", "非常抱歉，请您提供一下订单号，我帮您办理退货"), ("u", "好的 20240530-1188"),
        ("a", "已经为您提交退货申请，感谢您的耐心，祝您生活愉快！")]
out = []
for i, (r, t) in enumerate(rows):
    out.append(json.dumps({"chat_id": "m-1", "msg_time": base + i * 40000, "nickname": "顾客" if r == "u" else "客服小雪",
                           "sender_type": "user" if r == "u" else "staff", "msg": t}, ensure_ascii=False))
w(n, "\n".join(out) + "\n")
mustnot(n, "@error", "", "polite chat, epoch-millisecond times, 40 s between turns")
mustnot(n, "timing.first-response", ""); mustnot(n, "timing.reply", ""); convs(n, 1)

# ---------------------------------------------------------------- encodings
n = "e01_gbk.txt"
w(n, """
[2024-06-01 20:10:00] 顾客: 你好，洗衣机显示E3是什么意思
[2024-06-01 20:10:30] 客服小王: 您好，请问是哪个型号呢？
[2024-06-01 20:11:00] 顾客: 就是你们家的滚筒 XQG100
[2024-06-01 20:11:40] 客服小王: 你问我我怎么知道，找售后去
""", enc="gbk")
must(n, "taboo.ignorance", "你问我我怎么知道", "GBK-encoded text export")
role(n, "客服小王", "agent"); convs(n, 1)

n = "e02_stray_latin1_last_line.txt"
w(n, """
[2024-06-01 20:10:00] 顾客: 你好 咖啡机的除垢剂有卖吗
[2024-06-01 20:10:30] 客服小王: 您好，有的，店铺首页第三个就是
[2024-06-01 20:11:00] 顾客: 那个能用在 Delonghi 上吗
[2024-06-01 20:11:40] 客服小王: 讨厌，自己看说明书
""", tail=b"[2024-06-01 20:12:00] \xe9\xa1\xbe\xe5\xae\xa2: caf\xe9 ok\n")
must(n, "taboo.insult", "讨厌", "UTF-8 file whose last line has one Latin-1 byte (caf\\xe9)")
role(n, "客服小王", "agent")

n = "e03_utf16le_bom.txt"
w(n, """
[2024-06-01 20:10:00] 顾客: 你好，我要修改发票抬头
[2024-06-01 20:10:30] 客服小王: 你说清楚一点，要改成什么
[2024-06-01 20:11:00] 顾客: 改成公司的
""", enc="utf-16-le", bom=b"\xff\xfe", nl="\r\n")
must(n, "taboo.commanding", "你说清楚一点", "UTF-16LE with BOM (Windows Notepad 'Unicode')")
must(n, "standard.greeting", "", "")
convs(n, 1)

n = "e04_utf16be_bom.txt"
w(n, """
[2024-06-01 20:10:00] 顾客: 请问退款多久到账
[2024-06-01 20:10:30] 客服小王: 您好，原路返回，一般1-3个工作日
[2024-06-01 20:11:00] 顾客: 3天了还没到
[2024-06-01 20:11:30] 客服小王: 我也不清楚
""", enc="utf-16-be", bom=b"\xfe\xff")
must(n, "taboo.dont-know", "我也不清楚", "UTF-16BE with BOM")
convs(n, 1)

n = "e05_gbk_qianniu.txt"
w(n, """
tb_7710 2024-6-14 9:00:05
在吗 帮我看下物流
旗舰店:小林 2024-6-14 9:00:40
亲，您好，物流显示已到您所在城市
tb_7710 2024-6-14 9:01:10
怎么还没送
旗舰店:小林 2024-6-14 9:01:30
快点说，还有什么事
""", enc="gbk")
must(n, "taboo.impatience", "快点说", "千牛 paste saved as GBK")
role(n, "旗舰店:小林", "agent"); convs(n, 1)

# ---------------------------------------------------------------- language variety
n = "l01_traditional.txt"
w(n, """
[2024-06-01 20:10:00] 顧客: 你好，請問我的包裹到哪了
[2024-06-01 20:10:40] 客服小美: 您好，請稍等，我幫您查詢
[2024-06-01 20:11:20] 顧客: 已經三天了，可以快一點嗎
[2024-06-01 20:11:50] 客服小美: 催什麼催，物流又不是我們開的
[2024-06-01 20:12:30] 顧客: 那請問大概什麼時候會到？
[2024-06-01 20:13:00] 客服小美: 你問我我怎麼知道
""")
must(n, "taboo.impatience", "催什麼催", "traditional characters")
must(n, "taboo.ignorance", "你問我我怎麼知道", "traditional characters")
role(n, "顧客", "customer"); role(n, "客服小美", "agent"); convs(n, 1)

n = "l02_interposed_spaces.txt"
w(n, """
[2024-06-01 20:10:00] 顾客: 我昨天问的退款 怎么还没处理
[2024-06-01 20:10:30] 客服小王: 您好，在排队处理中
[2024-06-01 20:11:00] 顾客: 能不能快点
[2024-06-01 20:11:20] 客服小王: 催 什 么 催
[2024-06-01 20:11:50] 顾客: 你什么态度
[2024-06-01 20:12:30] 客服小王: 你·有·没·有·搞·错
""")
must(n, "taboo.impatience", "催 什 么 催", "spaces between characters")
must(n, "taboo.arguing", "你·有·没·有·搞·错", "middle dots between characters")
must(n, "standard.calm-angry-customer", "", "什么态度 answered with 你有没有搞错")

n = "l03_emoji.txt"
w(n, """
[2024-06-01 20:10:00] 顾客: 亲 这个裙子有S码吗
[2024-06-01 20:10:20] 客服小甜: 亲亲您好呀🌸欢迎光临～有S码的哦
[2024-06-01 20:11:00] 顾客: 那M和S哪个适合我 160 95斤
[2024-06-01 20:11:30] 客服小甜: S码就可以啦😊
[2024-06-01 20:12:10] 顾客: 确定吗 上次买的S太小了
[2024-06-01 20:12:40] 客服小甜: 烦人🙄问那么多
""")
must(n, "taboo.insult", "烦人", "emoji next to the phrase")
mustnot(n, "standard.greeting", "", "亲亲您好呀 greets")

n = "l04_fullwidth.txt"
w(n, """
[2024-06-01 20:10:00] 顾客: ｈｉ，请问ＶＩＰ会员怎么开通
[2024-06-01 20:10:30] 客服Ａｍｙ: Ｈｅｌｌｏ，请您在ＡＰＰ“我的”页面点击开通
[2024-06-01 20:11:00] 顾客: 找不到
[2024-06-01 20:11:40] 客服Ａｍｙ: 你说清楚点，是哪个页面找不到？
""")
mustnot(n, "standard.greeting", "", "Ｈｅｌｌｏ (full-width) greets")
must(n, "taboo.commanding", "你说清楚点", "")
role(n, "客服Ａｍｙ", "agent")

n = "l05_customer_rude.txt"
w(n, """
[2024-06-01 20:10:00] 顾客: 人呢？催什么催都没用是吧，你们客服是不是神经病
[2024-06-01 20:10:30] 客服小王: 非常抱歉让您久等了，请问有什么可以帮您？
[2024-06-01 20:11:00] 顾客: 我怎么知道我订单号，你自己查啊，烦人
[2024-06-01 20:11:40] 客服小王: 理解您的心情，麻烦您提供一下手机号，我帮您查询
[2024-06-01 20:12:10] 顾客: 13800001234 快点说什么时候到 我要投诉你们
[2024-06-01 20:12:50] 客服小王: 请您放心，您的意见我们会及时向上级领导反映，并在24小时内答复您。包裹预计明天送达
[2024-06-01 20:13:20] 顾客: 行
[2024-06-01 20:13:40] 客服小王: 感谢您的耐心，祝您生活愉快，再见！
""")
mustnot(n, "taboo.impatience", "催什么催", "customer's words")
mustnot(n, "taboo.insult", "神经病", "customer's words")
mustnot(n, "taboo.insult", "烦人", "customer's words")
mustnot(n, "taboo.ignorance", "我怎么知道", "customer's words")
mustnot(n, "taboo.impatience", "快点说", "customer's words")
mustnot(n, "@error", "", "the agent is polite throughout")
role(n, "顾客", "customer")

n = "l06_polite_complete.txt"
w(n, """
[2024-06-03 14:00:00] 顾客: 你好，我想问下你们家的四件套是纯棉的吗
[2024-06-03 14:00:20] 客服小王: 您好，欢迎光临，是100%新疆长绒棉的哦
[2024-06-03 14:01:00] 顾客: 1.8米的床用哪个尺寸
[2024-06-03 14:01:30] 客服小王: 请您选择“2.0m床单款”，被套是220×240cm的
[2024-06-03 14:02:10] 顾客: 好的 能开发票吗
[2024-06-03 14:02:40] 客服小王: 可以的，请您下单时备注发票抬头和税号，我们随货寄出
[2024-06-03 14:03:10] 顾客: 建议你们详情页把尺寸写清楚点
[2024-06-03 14:03:40] 客服小王: 感谢您的建议，我们会及时转给相关部门改进
[2024-06-03 14:04:00] 顾客: 好 那我拍了
[2024-06-03 14:04:20] 客服小王: 感谢您的支持，还有什么可以帮您的吗？祝您生活愉快！
""")
mustnot(n, "@error", "", "textbook polite chat")
mustnot(n, "standard.closing", ""); mustnot(n, "standard.thanks-for-suggestion", "")

# ---------------------------------------------------------------- ordinary words that contain a phrase
n = "x01_baby_shop.txt"
w(n, """
[2024-06-05 10:00:00] 顾客: 你好，宝宝六个月了，这个米粉适合吗
[2024-06-05 10:00:30] 客服小暖: 您好，欢迎光临，这款米粉适合6个月以上的宝宝哦
[2024-06-05 10:01:00] 顾客: 一天喂几次
[2024-06-05 10:01:30] 客服小暖: 喂辅食建议从每天一次开始，每次一两勺，慢慢加量
[2024-06-05 10:02:00] 顾客: 宝宝不爱吃药怎么办，这个益生菌好喂吗
[2024-06-05 10:02:30] 客服小暖: 很多宝宝讨厌吃药的味道，这款益生菌是奶味的，可以混在奶里
[2024-06-05 10:03:00] 顾客: 喂奶的时候可以加吗
[2024-06-05 10:03:30] 客服小暖: 喂奶时可以加在温奶里，水温不要超过40度
[2024-06-05 10:04:00] 顾客: 好的谢谢
[2024-06-05 10:04:20] 客服小暖: 不客气，祝宝宝健康成长，欢迎下次光临！
""")
mustnot(n, "taboo.rude-opening", "喂", "喂辅食 / 喂奶时 open a sentence about feeding the baby")
mustnot(n, "taboo.insult", "讨厌", "宝宝讨厌吃药的味道 describes the baby")
mustnot(n, "@error", "", "polite complete chat")

n = "x02_pharmacy_neuropathy.txt"
w(n, """
[2024-06-05 15:00:00] 顾客: 你好，我爸有糖尿病，手脚发麻，这个甲钴胺有用吗
[2024-06-05 15:00:40] 客服小药师: 您好，甲钴胺常用于周围神经病的辅助治疗，糖尿病神经病变的患者请遵医嘱使用
[2024-06-05 15:01:20] 顾客: 需要处方吗
[2024-06-05 15:01:50] 客服小药师: 这是非处方药，不需要处方。建议您带老人去神经内科或神经病科复查一下
[2024-06-05 15:02:20] 顾客: 好的 谢谢
[2024-06-05 15:02:40] 客服小药师: 不客气，祝您家人早日康复！
""")
mustnot(n, "taboo.insult", "神经病", "周围神经病 (peripheral neuropathy) is a medical term")
mustnot(n, "@error", "", "polite pharmacy chat")

n = "x03_earphones_support.txt"
w(n, """
[2024-06-06 11:00:00] 顾客: 你好，耳机打电话的时候对方说听不清
[2024-06-06 11:00:30] 客服小音: 您好，如果通话时对方听不清，可能是麦克风孔被堵住了，请您用软毛刷清理一下
[2024-06-06 11:01:10] 顾客: 清了 还是不行 而且音乐声音也很小
[2024-06-06 11:01:50] 客服小音: 您可以在手机设置里把媒体音量调大声点试试，另外请检查一下是否开启了“音量限制”
[2024-06-06 11:02:30] 顾客: 还是不行
[2024-06-06 11:03:00] 客服小音: 非常抱歉给您带来不便，我们为您办理换新，还有什么可以帮您的吗？
""")
mustnot(n, "taboo.hearing", "听不清", "describes the microphone fault, not blaming the customer")
mustnot(n, "taboo.hearing", "大声点", "调大声点 is about the volume setting")
mustnot(n, "@error", "", "helpful support chat")

n = "x04_livestream_preview.txt"
w(n, """
[2024-06-07 19:00:00] 顾客: 今晚直播有新品吗
[2024-06-07 19:00:20] 客服小播: 您好，有的！今晚8点主播会隆重讲解新款空气炸锅，还有限时福利
[2024-06-07 19:00:50] 顾客: 讲啊讲的 到底什么价
[2024-06-07 19:01:20] 客服小播: 不好意思，价格要等直播间公布哦，欢迎您准时来看，感谢您的关注！
""")
mustnot(n, "taboo.hearing", "重讲", "隆重讲解 contains 重讲")
mustnot(n, "taboo.rude-opening", "讲啊", "the customer says 讲啊")
mustnot(n, "@error", "")

n = "x05_fashion_words.txt"
w(n, """
[2024-06-08 16:00:00] 顾客: 这件风衣配什么裤子好看
[2024-06-08 16:00:30] 客服小衣: 您好，这款是百搭款，牛仔裤、阔腿裤随便你怎么搭都好看
[2024-06-08 16:01:00] 顾客: 面料会起球吗 我最怕那种一洗就起球的
[2024-06-08 16:01:40] 客服小衣: 不会的，面料做了抗起球处理，没有烦人的起球和静电问题
[2024-06-08 16:02:10] 顾客: 如果不合适能退吗
[2024-06-08 16:02:40] 客服小衣: 支持七天无理由退换，如果我没记错，您还有一张10元优惠券可以用。感谢您的支持！
""")
mustnot(n, "taboo.provoke-complaint", "随便你", "随便你怎么搭 is a styling tip")
mustnot(n, "taboo.insult", "烦人", "烦人的起球 describes a product defect")
mustnot(n, "@error", "")

n = "x06_appliance_words.txt"
w(n, """
[2024-06-09 09:00:00] 顾客: 你好，这个净水器要自己安装吗
[2024-06-09 09:00:30] 客服小净: 您好，我们提供免费上门安装，师傅等会儿会给您打电话确认时间
[2024-06-09 09:01:10] 顾客: 我上午有事 下午可以吗
[2024-06-09 09:01:40] 客服小净: 可以的，您有事一会儿再联系我们也可以，我先帮您备注下午上门
[2024-06-09 09:02:10] 顾客: 滤芯多久换一次
[2024-06-09 09:02:40] 客服小净: PP棉建议6个月更换，如有不清楚的地方欢迎随时咨询，祝您生活愉快！
""")
mustnot(n, "taboo.make-wait", "", "师傅等会儿会给您打电话 means later, not 'wait!'")
mustnot(n, "taboo.impatience", "有事一会", "您有事一会儿再联系 (except list)")
mustnot(n, "taboo.dont-know", "", "如有不清楚的地方 is not a bare 不清楚")
mustnot(n, "@error", "")

n = "x07_quoting_the_complaint.txt"
w(n, """
[2024-06-10 10:00:00] 顾客: 我昨天打电话，你们客服跟我说“你问我我怎么知道”，这什么态度
[2024-06-10 10:00:40] 客服主管小陈: 您好，非常抱歉给您带来不好的体验。您说的“你问我我怎么知道”这句话确实不应该，我们会严肃处理
[2024-06-10 10:01:20] 顾客: 我要投诉他
[2024-06-10 10:02:00] 客服主管小陈: 请您放心，您的意见我们会及时向上级领导反映，并尽快（24小时内）答复您。感谢您的反馈，再见！
""")
mustnot(n, "taboo.ignorance", "你问我我怎么知道", "the supervisor quotes the customer's complaint inside “”; she does not say it to the customer")
mustnot(n, "standard.escalation-24h", "", "24小时内 promised")
mustnot(n, "standard.calm-angry-customer", "", "什么态度 answered with an apology")

n = "x08_wrong_number_courteous.txt"
w(n, """
[2024-06-11 08:30:00] 来电人: 喂，是王师傅修锁吗
[2024-06-11 08:30:05] 坐席小刘: 您好，这里是燃气公司客服中心，您可能拨错了号码，请您核实后再拨，感谢您的来电，再见！
[2024-06-11 08:40:00] 来电人: 喂，修锁的吗
[2024-06-11 08:40:05] 坐席小刘: 打错了
""")
must(n, "taboo.wrong-number", "打错了", "bare 打错了")
mustnot(n, "taboo.rude-opening", "喂", "the caller says 喂")
role(n, "坐席小刘", "agent"); role(n, "来电人", "customer")

n = "x09_whatsapp_export.txt"
w(n, """
01/06/2024, 20:10 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
01/06/2024, 20:10 - 陈小姐: 你好，请问你们的保健品可以寄到新加坡吗
01/06/2024, 20:11 - 客服Amy: 您好，可以的，运费按重量计算
01/06/2024, 20:12 - 陈小姐: 大概多久到
01/06/2024, 20:14 - 客服Amy: 我也不知道
""")
must(n, "taboo.dont-know", "我也不知道", "WhatsApp export, agent 客服Amy")
role(n, "客服Amy", "agent"); convs(n, 1)

# ---------------------------------------------------------------- misc
n = "m01_qianniu_tb_short_time.txt"
w(n, """
tb_6631 2024-6-14 9:00
你好 能便宜点吗
小熊电器旗舰店:阿花 2024-6-14 9:01
亲，您好，已经是最低价了哦
tb_6631 2024-6-14 9:02
那我再看看
小熊电器旗舰店:阿花 2024-6-14 9:03
随便你
""")
must(n, "taboo.provoke-complaint", "随便你", "千牛 headers without seconds")
role(n, "小熊电器旗舰店:阿花", "agent"); role(n, "tb_6631", "customer"); convs(n, 1)

n = "m02_mixed_colons_urls.txt"
w(n, """
[2024-06-13 10:00:00] 顾客: 你好 订单号:20240613-8877 什么时候发
[2024-06-13 10:00:30] 客服小王: 您好，请点击链接查看：https://m.example.com/order?id=8877
[2024-06-13 10:01:00] 顾客: 打不开
[2024-06-13 10:01:30] 客服小王: 不会好好说吗？哪里打不开
""")
must(n, "taboo.blame-customer", "不会好好说", "message contains URL with colons")
role(n, "客服小王", "agent"); role(n, "顾客", "customer"); convs(n, 1)

n = "m03_slash_dates_seconds.txt"
w(n, """
[2024/06/14 10:00:00] 客户: 你好，我投诉的事有结果了吗
[2024/06/14 10:00:30] 客服小何: 您好，请问您的工单号是多少？
[2024/06/14 10:01:00] 客户: 我要找你们领导
[2024/06/14 10:01:30] 客服小何: 领导不在，你愿意找哪儿就找吧
""")
must(n, "taboo.provoke-complaint", "你愿意找哪儿就找", "")
must(n, "standard.escalation-24h", "", "找你们领导 without a 24h promise")
role(n, "客户", "customer"); convs(n, 1)

n = "m04_speaker_space_before_colon.txt"
w(n, """
2024-06-15 20:00:01 顾客 : 你好 发货了吗
2024-06-15 20:00:40 客服小王 : 你好，还没
2024-06-15 20:01:10 顾客 : 什么时候发
2024-06-15 20:01:50 客服小王 : 说那么快干什么，我还没查
""")
must(n, "taboo.hearing", "说那么快干", "space before the colon")
role(n, "客服小王", "agent"); convs(n, 1)

with open(os.path.join(ROOT, "expect.tsv"), "w", encoding="utf-8") as f:
    f.write("# file\tkind\trule\tmatched\tnote\n")
    f.write("# rule `@error` = any error-severity finding; `taboo.*` = any rule with that prefix\n")
    for row in EXP:
        assert all("\t" not in c and "\n" not in c for c in row), row
        f.write("\t".join(row) + "\n")
print(len(os.listdir(INP)), "inputs,", len(EXP), "expectations")
