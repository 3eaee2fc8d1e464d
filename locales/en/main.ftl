# mingbai 明白 — English

article-heading = 《{ $law }》{ $number } ({ $status })
answer-disclaimer = This is general legal information, not a lawyer's advice. For your own case, ask your village legal adviser.
answer-unsure = I am not sure about this one; the articles below are only a pointer. Consider booking your village legal adviser first.
answer-nothing-found = I found no matching legal provision. Try asking in other words, or book your village legal adviser.
answer-status-corrected = Note: { $note }.
answer-statutes-in-chinese = (Statute text is quoted in the original Chinese.)
note-replaced = The { $old } has been repealed; since 1 January 2021 the { $by } replaces it. See the { $by }, { $part }.
note-replaced-article = Article { $number } of the { $old } went with that law; since 1 January 2021 the { $by } replaces it. See the matching article in the { $by }, { $part }.
note-no-such-article = The { $law } has no article { $number }. Please check the number.
