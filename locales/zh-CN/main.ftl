# mingbai 明白 — 简体中文（默认）

article-heading = 《{ $law }》{ $number }（{ $status }）
answer-disclaimer = 以上是一般性的法律信息，不是律师意见。具体情况请找村里的法律顾问。
answer-unsure = 这个问题我把握不大，下面几条法律规定仅供参考。建议先预约村里的法律顾问当面问问。
answer-nothing-found = 没有找到相关的法律规定。可以换个说法再问，或者预约村里的法律顾问。
answer-status-corrected = 注：{ $note }。
answer-statutes-in-chinese = （法条原文为中文。）
note-replaced = 《{ $old }》已经废止，自2021年1月1日起由《{ $by }》代替，相关内容见《{ $by }》{ $part }。
note-replaced-article = 《{ $old }》第{ $number }条已随该法废止，自2021年1月1日起由《{ $by }》代替，请看《{ $by }》{ $part }的相应条文。
note-no-such-article = 《{ $law }》没有第{ $number }条。请核对条号。
