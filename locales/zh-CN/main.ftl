# mingbai 明白 — 简体中文（默认）

## 回答
article-heading = 《{ $law }》{ $number }（{ $status }）
answer-disclaimer = 以上是一般性的法律信息，不是律师意见。具体情况请找村里的法律顾问。
answer-unsure = 这个问题我把握不大，下面几条法律规定仅供参考。建议先预约村里的法律顾问当面问问。
answer-nothing-found = 没有找到相关的法律规定。可以换个说法再问，或者预约村里的法律顾问。
answer-status-corrected = 注：{ $note }。
answer-statutes-in-chinese = （法条原文为中文。）
note-replaced = 《{ $old }》已经废止，自2021年1月1日起由《{ $by }》代替，相关内容见《{ $by }》{ $part }。
note-replaced-article = 《{ $old }》第{ $number }条已随该法废止，自2021年1月1日起由《{ $by }》代替，请看《{ $by }》{ $part }的相应条文。
note-no-such-article = 《{ $law }》没有第{ $number }条。请核对条号。
faq-lead = 简单说：
faq-articles = 依据的法律条文：
faq-unreviewed = 本答复尚待法律顾问审核。
too-long = 消息太长，我只读了前面的部分（最多 { $max } 个字）。
relay-header = 可以这样转告村民：
relay-unsure = 这个问题比较复杂，下面的条文仅供参考，最好帮村民预约法律顾问。

## 按钮
btn-book = 预约法律顾问
btn-book-for-villager = 替村民预约法律顾问
btn-useful = 👍 有用
btn-not-useful = 👎 没用
btn-full = 全文 { $n }
btn-continue-private = 私聊继续
btn-back = « 返回
button-invalid = 这个按钮看不懂，可能不是本机器人发出的。
button-stale = 这个按钮已经过期了。请重新提问，或发送 /topics 查看常见问题。
feedback-thanks = 谢谢反馈！
feedback-sorry = 谢谢反馈，我们会改进。
feedback-sorry-more = 抱歉没帮上忙。可以换个说法再问，或者点“预约法律顾问”当面咨询。

## 命令
welcome =
    您好，我是“明白”，村里的法律小助手。
    直接把问题发给我就行，比如：“包工头拖欠工钱怎么办”“嫁出去的女儿村里还给分地吗”。
    我会用大白话说明，并附上法律原文。需要时可以预约村里的法律顾问。
    发送 /help 查看用法，/topics 看常见问题。
help =
    用法：
    · 直接发问题（群里请用 /ask 问题，或 @我，或回复我的消息）
    · /law 民法典 1079 —— 查某一条法律原文
    · /topics —— 按类别看常见问题
    · /book —— 预约法律顾问；/my_bookings —— 查看预约
    · /lang —— 切换语言（中文 / English）
    · /privacy —— 我们保存哪些信息；/delete_my_data —— 删除我的信息
    · /cancel —— 取消当前操作
    我给的是一般性法律信息，不是律师意见。
privacy =
    我们保存什么：
    · 问题的类别、是否转述、回答把握程度和“有用/没用”反馈，用于统计；不保存提问人的身份。
    · 对话进度和语言设置（按聊天和用户分开保存），便于下次继续。
    · 预约时填写的姓名、村子和电话（可不填），只有您的法律顾问和司法所能看到。预约办完后 { $days } 天内删除个人信息，只留匿名统计。
    发送 /delete_my_data 可删除您的个人信息。
cancel-done = 已取消。
cancel-nothing = 现在没有进行中的操作。
ask-usage = 请在 /ask 后面写上问题，例如：/ask 包工头拖欠工钱怎么办。也可以直接回复我这条消息。
law-usage = 请写上法律名称和条号，例如：/law 民法典 1079
law-not-understood = 没看懂要查哪一条。请这样写：/law 民法典 1079 或 /law 劳动法第五十条
lang-choose = 请选择语言：
lang-set = 好的，以后用中文回复。
lang-unknown = 目前支持：中文、English。发送 /lang 选择。
unknown-command = 没有 /{ $command } 这个命令。发送 /help 查看可用的命令。
empty-message = 没有收到内容。请把问题写出来发给我。
emoji-only = 我看不懂表情哦。请用文字把问题写出来。
unsupported-content = 我目前只能看懂文字消息。请用文字把问题写出来。
state-reset = 之前的对话进度已经失效，我们重新开始吧。
error-internal = 抱歉，我这边出了点问题，请稍后再试。您的消息没有丢失，可以再发一次。
rate-limited = 群里问得有点多，我先歇一会儿，一分钟后再回答。也可以私聊我。
pii-warning = 消息里好像有身份证号或手机号。为了安全，建议撤回（删除）这条消息，我们私聊继续。
start-continued = 接着群里的问题：
start-link-expired = 这个链接已经过期了。

## 预约
book-in-private = 预约需要填写个人信息，请点下面的按钮到私聊里继续。

## 常见问题
topics-choose = 请选择问题类别：
topic-questions = “{ $topic }”常见问题：
topic-land = 土地承包与流转
topic-homestead = 宅基地与建房
topic-requisition = 征地补偿
topic-wages = 讨要工钱
topic-labour-contract = 劳动合同
topic-work-injury = 工伤
topic-marriage = 婚姻家庭
topic-children = 子女抚养
topic-domestic-violence = 家庭暴力
topic-elderly = 老人赡养
topic-inheritance = 继承与遗嘱
topic-debts = 借钱欠债
topic-fraud = 防骗反诈
topic-traffic = 交通事故
topic-neighbours = 邻里纠纷
topic-village-affairs = 村务与选举
topic-women-land = 妇女土地权益
topic-mediation = 人民调解
topic-legal-aid = 法律援助

## 命令菜单
cmd-ask = 提问，例如 /ask 包工头拖欠工钱怎么办
cmd-law = 查法条，例如 /law 民法典 1079
cmd-topics = 按类别看常见问题
cmd-book = 预约法律顾问
cmd-help = 用法说明
cmd-lang = 切换语言
cmd-privacy = 我们保存哪些信息
cmd-cancel = 取消当前操作

## 预约（表单）
book-unavailable = 目前还没有登记可预约的法律顾问。请拨打 12348 公共法律服务热线，或到镇司法所咨询。
book-on-behalf = 您是法律明白人，这次是替村民预约：下面请填村民的村子和姓名。
book-ask-kind = 您要办哪一种？
book-kind-consultation = 法律咨询
book-kind-mediation = 申请人民调解
book-ask-topic = 是哪方面的事？
book-ask-topic-guess = 是哪方面的事？看起来像是“{ $topic }”，不对的话请选别的。
book-ask-village = 您是哪个村的？
book-ask-village-behalf = 村民是哪个村的？
book-ask-adviser = 请选择法律顾问（标“本村”的是您村的顾问）：
book-adviser-own = { $name }（本村）
book-ask-slot = 请选择时间（未来两周内空着的时段）：
book-no-slots = 这位顾问未来两周没有空的时段了。请返回选别的顾问，或拨打 12348。
book-ask-name = 请输入您的姓名（只给您的法律顾问看）：
book-ask-name-behalf = 请输入村民的姓名：
book-ask-phone = 请输入联系电话，方便顾问联系（可以不填）：
book-consent = 我们会保存姓名、村子和电话（如填写），只有您的法律顾问和司法所能看到；咨询办完后 { $days } 天内删除这些个人信息。同意吗？
book-summary = 请核对预约信息：
book-details =
    类型：{ $kind }
    事项：{ $topic }
    村子：{ $village }
    法律顾问：{ $adviser }
    时间：{ $slot }
    姓名：{ $name }
    电话：{ $phone }
    情况：{ $description }
book-cancel-hint = 随时发送 /cancel 可以取消。
book-bad-name = 姓名看不懂：请用文字写，1 到 30 个字，不要写数字。
book-bad-phone = 电话号码看不懂：请写 11 位手机号或带区号的座机号，也可以点“不留电话”。
book-use-buttons = 请点上面的按钮选择，或发送 /cancel 取消预约。
book-form-expired = 这个预约表单已经过期了。发送 /book 重新开始。
book-slot-taken = 这个时段刚被别人约走了，请选其他时间：
book-slot-taken-again = 这个时段也已经被约走了。请发送 /book 重新选择。
book-no-consent = 好的，没有保存任何信息，预约已取消。需要时可以发送 /book 再约。
book-done = 预约已提交，等法律顾问确认后会通知您：
book-hidden = （不公开）
book-forbidden = 这个预约不归您管，不能操作。
booking-line =
    预约 #{ $id }（{ $state }）
    时间：{ $slot }
    村子：{ $village }　顾问：{ $adviser }
    事项：{ $topic }
    姓名：{ $name }　电话：{ $phone }
    情况：{ $description }
state-requested = 待确认
state-confirmed = 已确认
state-done = 已办结
state-declined = 已婉拒
state-cancelled = 已取消
state-no_show = 未到
booking-now = 预约 #{ $id } 现在是“{ $state }”。
booking-illegal = 预约 #{ $id } 现在是“{ $from }”，不能改成“{ $to }”。
btn-skip-phone = 不留电话
btn-consent-yes = 同意
btn-consent-no = 不同意
btn-submit = 确认预约
btn-confirm = ✅ 确认
btn-decline = 婉拒
btn-decline-id = 婉拒 #{ $id }
btn-no-show = 未到
btn-cancel-booking = 取消这个预约

## 预约（顾问与村民）
adviser-new-booking = 新的预约请求：
adviser-cancelled = 这个预约已被取消：
decline-why = 请选择婉拒的原因（村民会收到通知和其他可约时间）：
decline-reason-busy = 这个时间有事
decline-reason-scope = 不属于我的服务范围
decline-reason-other = 其他原因
booker-confirmed = 您的预约已确认：
booker-declined = 抱歉，法律顾问婉拒了这个时间。可以点下面改约其他时间：
booker-cancelled = 您的预约已被取消：
outcome-advice = 已解答
outcome-mediation = 转人民调解
outcome-legal_aid = 转法律援助
outcome-court_or_arbitration = 建议诉讼或仲裁
outcome-other = 其他
my-bookings-none = 目前没有预约。
my-bookings-today = 今天的预约：
my-bookings-upcoming = 之后的预约：
my-bookings-mine = 您的预约：
advisers-only = 这个命令只有法律顾问能用。
availability-now = 您每周可预约的时间：
availability-none = （还没有设置）
availability-usage = 设置方法：/availability 周二 14:00-17:00 30（星期、时间段、每次分钟数）；/availability clear 清空。
block-usage = 请写日期，例如：/block 2026-12-01 或 /block 12月1日
block-done = { $date } 已停约，这一天不再接受新预约。
block-affected = 这一天已经有 { $n } 个预约，没有自动取消，请逐个处理：
deleted-my-data = 已删除您的个人信息：取消了 { $cancelled } 个未办的预约，清除了 { $cleared } 个预约里的姓名和电话，也清除了对话进度和语言设置。匿名统计不受影响。
invite-adviser-ok = 欢迎！您已登记为法律顾问。新预约会发到这里；/my_bookings 查看预约，/availability 设置时间。
invite-volunteer-ok = 欢迎！您已登记为法律明白人，可以替村民提问和预约（/book）。
invite-expired = 这个邀请码已经过期了，请向司法所要一个新的。
invite-used = 这个邀请码已经用过了，每个邀请码只能用一次。
invite-unknown = 这个邀请码不对，请向司法所核对。
reminder = 提醒：{ $hours } 小时后有法律咨询。
cmd-my_bookings = 查看我的预约
