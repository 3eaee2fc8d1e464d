# mingbai 明白 — English

## Answers
article-heading = 《{ $law }》{ $number } ({ $status })
answer-disclaimer = This is general legal information, not a lawyer's advice. For your own case, ask your village legal adviser.
answer-unsure = I am not sure about this one; the articles below are only a pointer. Consider booking your village legal adviser first.
answer-nothing-found = I found no matching legal provision. Try asking in other words, or book your village legal adviser.
answer-status-corrected = Note: { $note }.
answer-statutes-in-chinese = (Statute text is quoted in the original Chinese: only the Chinese text is authoritative.)
note-replaced = The { $old } has been repealed; since 1 January 2021 the { $by } replaces it. See the { $by }, { $part }.
note-replaced-article = Article { $number } of the { $old } went with that law; since 1 January 2021 the { $by } replaces it. See the matching article in the { $by }, { $part }.
note-no-such-article = The { $law } has no article { $number }. Please check the number.
faq-lead = In short:
faq-articles = The articles this rests on:
faq-unreviewed = This answer has not yet been reviewed by a legal adviser.
too-long = Your message is long; I read only the first part (up to { $max } characters).
relay-header = You can pass this on:
relay-unsure = This one is complicated; the article below is only a pointer. Better book the legal adviser for the villager.

## Buttons
btn-book = Book the legal adviser
btn-book-for-villager = Book the adviser for the villager
btn-useful = 👍 Useful
btn-not-useful = 👎 Not useful
btn-full = Full text { $n }
btn-continue-private = Continue in private
btn-back = « Back
button-invalid = I cannot read this button; it may not come from this bot.
button-stale = This button has expired. Please ask again, or send /topics for common questions.
feedback-thanks = Thanks for the feedback!
feedback-sorry = Thanks, we will improve.
feedback-sorry-more = Sorry that did not help. Try other words, or press "Book the legal adviser" to ask in person.

## Commands
welcome =
    Hello, I am mingbai (明白), the village's legal helper.
    Just send me your question, e.g. "my contractor has not paid my wages".
    I explain in plain words and quote the law. You can also book your village legal adviser.
    Send /help for how to use me, /topics for common questions.
help =
    How to use:
    · Send your question (in groups: /ask question, mention me, or reply to my message)
    · /law 民法典 1079 — the text of one article
    · /topics — common questions by topic
    · /book — book the legal adviser
    · /lang — switch language (中文 / English)
    · /privacy — what we store
    · /cancel — cancel what is under way
    I give general legal information, not a lawyer's advice.
privacy =
    What we store:
    · For each question: its topic, whether it was relayed, how sure the answer was, and useful/not-useful feedback — for statistics, without the asker's identity.
    · Conversation progress and your language setting (per chat and user), so you can continue later.
    · For bookings: the name, village and (optional) phone you give; only your adviser and the justice office see them. Personal details are deleted { $days } days after the booking is finished; anonymous figures remain.
    Send /delete_my_data to delete your personal details.
cancel-done = Cancelled.
cancel-nothing = Nothing is under way.
ask-usage = Write your question after /ask, e.g. /ask my contractor has not paid my wages. You can also reply to this message.
law-usage = Give the law and the article number, e.g. /law 民法典 1079
law-not-understood = I could not tell which article you mean. Write e.g. /law 民法典 1079 or /law 劳动法第五十条
lang-choose = Choose a language:
lang-set = OK, I will reply in English.
lang-unknown = Supported: 中文, English. Send /lang to choose.
unknown-command = There is no /{ $command } command. Send /help for the commands.
empty-message = I received nothing. Please write your question.
emoji-only = I cannot read emoji. Please write your question in words.
unsupported-content = I can only read text messages for now. Please write your question in words.
state-reset = Your earlier conversation progress could not be restored; let us start again.
error-internal = Sorry, something went wrong on my side. Your message is not lost; please send it again in a moment.
rate-limited = Lots of questions in this group; I will pause for a minute. You can also message me privately.
pii-warning = Your message seems to contain an ID-card or phone number. To be safe, please delete it; let us continue in a private chat.
start-continued = Continuing the question from the group:
start-link-expired = This link has expired.

## Booking
book-in-private = Booking needs personal details; press the button below to continue in a private chat.
book-contact = Online booking opens soon. For now call the 12348 public legal service hotline, or see your village legal adviser at the town justice office.

## Common questions
topics-choose = Choose a topic:
topic-questions = Common questions on "{ $topic }":
topic-land = Land contracting and renting
topic-homestead = Homesteads and building
topic-requisition = Land requisition
topic-wages = Unpaid wages
topic-labour-contract = Labour contracts
topic-work-injury = Work injury
topic-marriage = Marriage and divorce
topic-children = Children and support
topic-domestic-violence = Domestic violence
topic-elderly = Support of the elderly
topic-inheritance = Inheritance and wills
topic-debts = Loans and debts
topic-fraud = Fraud and scams
topic-traffic = Traffic accidents
topic-neighbours = Neighbours
topic-village-affairs = Village affairs and elections
topic-women-land = Women's land rights
topic-mediation = People's mediation
topic-legal-aid = Legal aid

## Command menu
cmd-ask = Ask a question, e.g. /ask unpaid wages
cmd-law = Look up an article, e.g. /law 民法典 1079
cmd-topics = Common questions by topic
cmd-book = Book the legal adviser
cmd-help = How to use the bot
cmd-lang = Switch language
cmd-privacy = What we store
cmd-cancel = Cancel what is under way
