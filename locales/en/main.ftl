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
    · /book — book the legal adviser; /my_bookings — your bookings
    · /lang — switch language (中文 / English)
    · /privacy — what we store; /delete_my_data — delete your data
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

## Booking (form)
book-unavailable = No legal advisers are registered for booking yet. Call the 12348 public legal service hotline, or ask at the town justice office.
book-on-behalf = You are a legal volunteer booking for a villager: please give the villager's village and name below.
book-ask-kind = What do you need?
book-kind-consultation = Legal consultation
book-kind-mediation = People's mediation request
book-ask-topic = What is it about?
book-ask-topic-guess = What is it about? It looks like "{ $topic }"; choose another if not.
book-ask-village = Which village are you from?
book-ask-village-behalf = Which village is the villager from?
book-ask-adviser = Choose the legal adviser ("own village" marks your village's adviser):
book-adviser-own = { $name } (own village)
book-ask-slot = Choose a time (free slots in the next two weeks):
book-no-slots = This adviser has no free slot in the next two weeks. Go back to choose another adviser, or call 12348.
book-ask-name = Please type your name (only your legal adviser sees it):
book-ask-name-behalf = Please type the villager's name:
book-ask-phone = Please type a phone number so the adviser can reach you (optional):
book-consent = We store the name, village and phone (if given); only your legal adviser and the justice office see them, and they are deleted within { $days } days after the consultation. Do you agree?
book-summary = Please check the booking:
book-details =
    Type: { $kind }
    Topic: { $topic }
    Village: { $village }
    Adviser: { $adviser }
    Time: { $slot }
    Name: { $name }
    Phone: { $phone }
    Details: { $description }
book-cancel-hint = Send /cancel at any time to stop.
book-bad-name = I cannot use that name: please write it in letters, 1 to 30 characters, no digits.
book-bad-phone = I cannot read that phone number: an 11-digit mobile or a landline with area code, or press "No phone".
book-use-buttons = Please choose with the buttons above, or send /cancel to stop booking.
book-form-expired = This booking form has expired. Send /book to start again.
book-slot-taken = That slot was just taken; please choose another time:
book-slot-taken-again = That slot was taken too. Please send /book to choose again.
book-no-consent = OK, nothing was stored and the booking is cancelled. Send /book whenever you need it.
book-done = Booking sent; you will be told when the adviser confirms:
book-hidden = (hidden)
book-forbidden = This booking is not yours to handle.
booking-line =
    Booking #{ $id } ({ $state })
    Time: { $slot }
    Village: { $village }  Adviser: { $adviser }
    Topic: { $topic }
    Name: { $name }  Phone: { $phone }
    Details: { $description }
state-requested = requested
state-confirmed = confirmed
state-done = done
state-declined = declined
state-cancelled = cancelled
state-no_show = no-show
booking-now = Booking #{ $id } is now "{ $state }".
booking-illegal = Booking #{ $id } is "{ $from }" and cannot become "{ $to }".
btn-skip-phone = No phone
btn-consent-yes = I agree
btn-consent-no = I do not agree
btn-submit = Book it
btn-confirm = ✅ Confirm
btn-decline = Decline
btn-decline-id = Decline #{ $id }
btn-no-show = No-show
btn-cancel-booking = Cancel this booking

## Booking (advisers and villagers)
adviser-new-booking = New booking request:
adviser-cancelled = This booking was cancelled:
decline-why = Why decline? (The villager is told and offered other times.)
decline-reason-busy = I am busy then
decline-reason-scope = Outside my service
decline-reason-other = Other reason
booker-confirmed = Your booking is confirmed:
booker-declined = Sorry, the adviser declined this time. Choose another below:
booker-cancelled = Your booking was cancelled:
outcome-advice = Advice given
outcome-mediation = Referred to mediation
outcome-legal_aid = Referred to legal aid
outcome-court_or_arbitration = Court or arbitration advised
outcome-other = Other
my-bookings-none = No bookings.
my-bookings-today = Today:
my-bookings-upcoming = Upcoming:
my-bookings-mine = Your bookings:
advisers-only = Only legal advisers can use this command.
availability-now = Your weekly hours:
availability-none = (none set)
availability-usage = Set with: /availability 周二 14:00-17:00 30 (weekday, hours, minutes per slot); /availability clear to clear.
block-usage = Give a date, e.g. /block 2026-12-01 or /block 12月1日
block-done = { $date } is blocked; no new bookings that day.
block-affected = There are already { $n } booking(s) that day; they were not cancelled automatically. Please deal with each:
deleted-my-data = Your personal data is deleted: { $cancelled } open booking(s) cancelled, names and phones cleared from { $cleared } booking(s), conversation progress and language setting removed. Anonymous figures are unaffected.
invite-adviser-ok = Welcome! You are registered as a legal adviser. New bookings arrive here; /my_bookings lists them, /availability sets your hours.
invite-volunteer-ok = Welcome! You are registered as a legal volunteer and can ask and book for villagers (/book).
invite-expired = This invite code has expired; ask the justice office for a new one.
invite-used = This invite code was already used; each works once.
invite-unknown = This invite code is not valid; please check with the justice office.
reminder = Reminder: legal consultation in { $hours } hour(s).
cmd-my_bookings = My bookings
