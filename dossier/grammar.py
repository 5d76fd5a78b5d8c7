"""Who did what to whom, and when, read from a sentence's dependency parse.

The rules here know English grammar and a closed lexicon of negotiation verbs;
which names are actors comes from the registry (as mentions, found before).
Precision first: a clause is read only when its parts are clear (an actor as
the acting subject, a verb of the lexicon, an actor as its object); anything
negated, hypothetical, planned or reported as denied is not claimed.

Dependency labels are spaCy's English ones (ClearNLP style): nsubj, dobj,
prep/pobj, agent, conj, appos, relcl, acl, ccomp, neg, aux ...
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from .dates import has_date
from .records import record


@record
class Token:
    """One word of a parsed sentence; offsets are the sentence's."""

    i: int
    start: int
    end: int
    text: str
    dep: str
    head: int  # index of the head word (itself for a root)
    tag: str  # Penn Treebank tag: VBD, VBN, NNS, MD ...


@record
class ParsedSentence:
    paragraph: int
    start: int  # where the sentence starts in its paragraph
    end: int
    tokens: tuple[Token, ...]


# --- the lexicon: word forms -> what they mean --------------------------------

def _forms(spec: str) -> dict[str, str]:
    """"kind: form form, kind: form" -> form -> kind."""
    table = {}
    for entry in spec.split(";"):
        kind, forms = entry.split(":")
        for form in forms.split():
            table[form] = kind.strip()
    return table


# Verbs that relate two actors, by the relation they show (a closed set).
RELATION_VERBS = _forms(
    "met: meet meets met meeting; "
    "talked with: talk talks talked talking discuss discusses discussed discussing; "
    "negotiated with: negotiate negotiates negotiated negotiating; "
    "proposed to: propose proposes proposed proposing offer offers offered offering present presents presented presenting; "
    "rejected: reject rejects rejected rejecting dismiss dismisses dismissed dismissing refuse refuses refused refusing; "
    "accepted: accept accepts accepted accepting; "
    "mediated: mediate mediates mediated mediating; "
    "supported: support supports supported supporting back backs backed backing endorse endorses endorsed endorsing; "
    "opposed or condemned: oppose opposes opposed opposing condemn condemns condemned condemning denounce denounces "
    "denounced denouncing criticize criticizes criticized criticizing criticise criticises criticised criticising"
)
# Nouns that name such an act ("Hamas' rejection of ...", "mediation efforts by Qatar").
RELATION_NOUNS = _forms(
    "met: meeting meetings; talked with: talks discussions; negotiated with: negotiations; "
    "rejected: rejection; accepted: acceptance; mediated: mediation; supported: support backing; "
    "opposed or condemned: condemnation opposition; supported: supporter supporters backer backers"
)
# Verbs that take a noun of the lexicon for the act itself ("held talks with", "had a meeting with").
_LIGHT_VERBS = frozenset("hold holds held holding have has had having conduct conducts conducted conducting".split())
# Asking for help: a verb of asking and a noun of help.
_ASKING = frozenset("seek seeks sought seeking ask asks asked asking turn turns turned turning request requests requested requesting".split())
_HELP = frozenset("help support assistance mediation backing".split())
# What counts as an action of the negotiation, for events reported without a date.
ACTION_VERBS = frozenset(set(RELATION_VERBS) | set(
    "release releases released agree agrees agreed sign signs signed visit visits visited call calls called "
    "resume resumes resumed launch launches launched announce announces announced send sends sent "
    "receive receives received deliver delivers delivered hold holds held conduct conducts conducted "
    "halt halts halted suspend suspends "
    "suspended collapse collapses collapsed reach reaches reached approve approves approved begin begins began "
    "facilitate facilitates facilitated reverse reverses reversed block blocks blocked".split()))
ATTRIBUTION_VERBS = frozenset(
    "said says stated told added confirmed announced insisted argued emphasised emphasized stressed warned "
    "revealed noted declared asserted affirmed reported".split())
LEXICON = ACTION_VERBS | set(RELATION_NOUNS) | ATTRIBUTION_VERBS | _ASKING
LEXICON_PATTERN = re.compile(r"\b(?:%s)\b" % "|".join(sorted(LEXICON, key=lambda w: (-len(w), w))), re.IGNORECASE)


def worth_parsing(sentence: str) -> bool:
    """Whether a sentence may carry an event, a relation or a statement (decided by its text alone)."""
    return LEXICON_PATTERN.search(sentence) is not None or has_date(sentence)


# Nouns for a group acting for an actor ("a delegation led by X", "Hamas officials").
_GROUPS = frozenset(
    "delegation delegations official officials leader leaders leadership side team negotiators negotiator "
    "members member representatives representative envoy envoys spokesman spokesperson spokeswoman "
    "administration government source sources".split())
# Whom each relation's object is found through, besides a direct object.
_TARGET_PREPOSITIONS = {
    "met": {"with"}, "talked with": {"with"}, "negotiated with": {"with"}, "proposed to": {"to"},
    "mediated": {"between", "with"}, "rejected": set(), "accepted": set(), "supported": set(),
    "opposed or condemned": set(),
}
# Prepositions after which "the group" is a party ("talks with the group", "proposed by the group").
_PARTY_PREPOSITIONS = frozenset({"with", "to", "by", "between"})
# Titles written between a body's name and its holder's ("Mossad chief David Barnea").
_TITLES = frozenset("head chief director leader chairman president minister spokesman spokesperson envoy".split())
# Nouns an object can be that stand for what an actor wants or offers ("Hamas' conditions").
_DEMANDS = frozenset("offer offers proposal proposals conditions terms demands demand plan plans deal initiative".split())
_MODALS = frozenset("would could may might should can must".split())
_FUTURE = frozenset("will 'll shall".split())
_PLANNING = frozenset("expect expects expected plan plans planned aim aims aimed intend intends intended "
                      "hope hopes hoped want wants wanted".split())
_DENYING = frozenset("deny denies denied".split())
_BACKGROUND = frozenset({"since"})
_CONNECTIVES = frozenset({"along", "according", "besides", "despite", "amid"})
_LOCATIVE = frozenset({"in", "at", "near", "inside", "outside"})
# Words that say how sure the source is: a headline keeps them ("reportedly proposed").
_HEDGES = frozenset("reportedly allegedly apparently purportedly reported said publicly".split())  # "since October 2023": a span of time, not a happening on the date


class Clauses:
    """One parsed sentence, with the registry's actors placed on its words."""

    def __init__(self, sentence: ParsedSentence, text: str, actor_spans: Iterable[tuple[int, int, str]],
                 he_or_she: str | None = None, the_one: dict[str, str] | None = None):
        """text is the sentence; actor_spans are (start, end, actor id) in the sentence's offsets.

        he_or_she is the person a subject "he" or "she" stands for, when the sentence before names one;
        the_one, what "the group" or "the country" (the noun alone) stands for: the actor just named.
        """
        self.text = text
        self.he_or_she = he_or_she
        self.tokens = sentence.tokens
        self.children: list[list[Token]] = [[] for _ in self.tokens]
        for token in self.tokens:
            if token.head != token.i:
                self.children[token.head].append(token)
        self.actor_of: dict[int, str] = {}
        for start, end, actor in actor_spans:
            for token in self.tokens:
                if start <= token.start and token.end <= end:
                    self.actor_of[token.i] = actor
        self.stand_ins: set[int] = set()  # words that stand for an actor named before: "he", "the group"
        if he_or_she is not None:
            for token in self.tokens:
                if token.dep == "nsubj" and token.text.lower() in ("he", "she"):
                    self.actor_of[token.i] = he_or_she
                    self.stand_ins.add(token.i)
        for token in self.tokens:
            actor = (the_one or {}).get(token.text.lower())
            if actor is not None and token.i not in self.actor_of and self._stands_in(token):
                self.actor_of[token.i] = actor
                self.stand_ins.add(token.i)

    def _stands_in(self, noun: Token) -> bool:
        """Whether "the group" (the noun and its article alone) is a party of its clause, not a place or a part.

        "The group rejected ...", "talks with the group"; not "across the
        country", "the group of mediators", "the Palestinian group".
        """
        if noun.tag not in ("NN", "NNP") or [self.lower(c) for c in self.children[noun.i]] != ["the"]:
            return False
        if noun.dep in ("nsubj", "nsubjpass", "dobj"):
            return True
        return noun.dep == "pobj" and self.lower(self.head(noun)) in _PARTY_PREPOSITIONS

    # --- finding words ----------------------------------------------------------

    def child(self, token: Token, *deps: str) -> list[Token]:
        return [c for c in self.children[token.i] if c.dep in deps]

    def head(self, token: Token) -> Token:
        return self.tokens[token.head]

    def lower(self, token: Token) -> str:
        return token.text.lower()

    def is_verb(self, token: Token) -> bool:
        return token.tag.startswith("VB")

    def tokens_in(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if start <= t.start and t.end <= end]

    # --- who --------------------------------------------------------------------

    def actors(self, token: Token) -> list[str]:
        """The actors a noun phrase headed by token stands for, conjuncts included; [] when unclear."""
        found = self._actor(token)
        for conj in self.child(token, "conj"):
            found += self.actors(conj)
        return list(dict.fromkeys(found))

    def _actor(self, token: Token) -> list[str]:
        if token.i in self.actor_of:
            holder = self._title_holder(token)
            return [self.actor_of[holder.i] if holder is not None else self.actor_of[token.i]]
        named = self._named_by_apposition(token)  # "the chief negotiator, Khalil al-Hayya"
        if named is not None:
            return [self.actor_of[named.i]]
        if self.lower(token) not in _GROUPS:
            return []
        # A group acts for whom leads it, else for whom it comes from or belongs to.
        for acl in self.child(token, "acl"):
            if self.lower(acl) == "led":
                for agent in self.child(acl, "agent"):
                    for pobj in self.child(agent, "pobj"):
                        if pobj.i in self.actor_of:
                            return [self.actor_of[pobj.i]]
        for prep in self.child(token, "prep"):
            if self.lower(prep) in ("from", "of"):
                for pobj in self.child(prep, "pobj"):
                    if pobj.i in self.actor_of:
                        return [self.actor_of[pobj.i]]
        for modifier in self.child(token, "compound", "amod", "poss", "nmod"):
            if modifier.i in self.actor_of:
                return [self.actor_of[modifier.i]]
        return []

    def _title_holder(self, body: Token) -> Token | None:
        """The person named right after a body's name and a title: "the intelligence agency (MIT) head Ibrahim Kalin".

        The parser may take the title for a verb and the body for the object;
        the words in that order still say who.
        """
        after = body.i + 1
        if after < len(self.tokens) and self.tokens[after].text == "(":
            while after < len(self.tokens) and self.tokens[after].text != ")":
                after += 1
            after += 1
        if after + 1 >= len(self.tokens) or self.lower(self.tokens[after]) not in _TITLES:
            return None
        holder = self.actor_of.get(after + 1)
        if holder is None or holder == self.actor_of[body.i]:
            return None
        last = after + 1  # the holder's name is the words of that actor from there on
        while last + 1 < len(self.tokens) and self.actor_of.get(last + 1) == holder:
            last += 1
        return self.tokens[last]

    def subject(self, verb: Token) -> Token | None:
        """The acting subject's head word: the subject, a passive's agent, or a shared subject."""
        for agent in self.child(verb, "agent"):
            for pobj in self.child(agent, "pobj"):
                return pobj
        for subject in self.child(verb, "nsubj"):
            return subject
        if self.child(verb, "nsubjpass"):
            return None  # a passive without its agent: the actor is not named
        if verb.dep == "conj" and self.is_verb(self.head(verb)):
            return self.subject(self.head(verb))
        return None

    # --- whether a clause is asserted -----------------------------------------------

    def asserted(self, verb: Token) -> bool:
        """Not negated, not hypothetical, not planned, not denied: the clause says it happened."""
        current = verb
        while True:
            for aux in self.child(current, "aux", "auxpass", "neg", "mark"):
                word = self.lower(aux)
                if aux.dep == "neg" or word in _MODALS or word in _FUTURE or word in ("if", "whether", "unless"):
                    return False
            if current.dep == "xcomp" and self.lower(self.head(current)) in _PLANNING:
                return False
            if current.dep in ("ccomp", "xcomp") and self.lower(self.head(current)) in _DENYING:
                return False
            if current.dep in ("conj", "xcomp") and current.head != current.i:
                current = self.head(current)
                continue
            return True

    def is_past(self, verb: Token) -> bool:
        """Said as done: simple past, or present perfect ("have rejected")."""
        if verb.tag == "VBD":
            return True
        if verb.tag == "VBN":
            return any(self.lower(a) in ("has", "have", "had") for a in self.child(verb, "aux"))
        if verb.dep == "conj" and self.is_verb(self.head(verb)):
            return self.is_past(self.head(verb))
        return False

    # --- relations ------------------------------------------------------------------

    def relations(self) -> list[tuple[str, str, str | None, Token]]:
        """(source, kind, target or None, the word that shows it), each as the grammar states it."""
        found = []
        for token in self.tokens:
            word = self.lower(token)
            if self.is_verb(token) and word in RELATION_VERBS and self.asserted(token):
                found += self._verb_relations(token, RELATION_VERBS[word])
            elif self.is_verb(token) and word in _ASKING and self.asserted(token):
                found += self._asking(token)
            elif self.is_verb(token) and word in _LIGHT_VERBS and self.asserted(token):
                subject = self.subject(token)
                found += self._light_verb(token, self.actors(subject) if subject is not None else [])
            elif token.tag.startswith("NN") and word in RELATION_NOUNS:
                found += self._noun_relations(token, RELATION_NOUNS[word])
        return found

    def _verb_relations(self, verb: Token, kind: str) -> list:
        subject = self.subject(verb)
        sources = self.actors(subject) if subject is not None else []
        if not sources:
            return []
        targets = []
        for obj in self.child(verb, "dobj", "dative"):
            targets += self.actors(obj) or self._owner(obj)
        for prep in self.child(verb, "prep"):
            if self.lower(prep) in _TARGET_PREPOSITIONS[kind]:
                for pobj in self.child(prep, "pobj"):
                    targets += self.actors(pobj)
        if self.child(verb, "nsubjpass"):  # "X was rejected by Y": the passive subject is the target
            targets += [a for s in self.child(verb, "nsubjpass") for a in self.actors(s)]
        if not targets and kind in ("met", "talked with", "negotiated with") and len(sources) > 1:
            return [(sources[0], kind, other, verb) for other in sources[1:]]  # "Kalın and Haniyeh met"
        # A light verb with a noun of the lexicon: "held a separate meeting with Kalin".
        if not targets:
            return self._light_verb(verb, sources)
        return [(s, kind, t, verb) for s in sources for t in dict.fromkeys(targets) if t != s]

    def _light_verb(self, verb: Token, sources: list[str]) -> list:
        found = []
        for obj in self.child(verb, "dobj"):
            kind = RELATION_NOUNS.get(self.lower(obj))
            if kind is None:
                continue
            for prep in self.child(obj, "prep") + self.child(verb, "prep"):
                if self.lower(prep) in _TARGET_PREPOSITIONS.get(kind, ()):
                    for pobj in self.child(prep, "pobj"):
                        found += [(s, kind, t, verb) for s in sources for t in self.actors(pobj) if t != s]
        if not found and self.lower(verb) in ("mediated", "mediate", "mediates", "mediating"):
            found = [(s, "mediated", None, verb) for s in sources]
        return found

    def _owner(self, noun: Token) -> list[str]:
        """Whose offer or conditions a noun is: its possessor, or who proposed it ("terms proposed by X")."""
        if self.lower(noun) not in _DEMANDS:
            return []
        owners = [a for p in self.child(noun, "poss", "compound") for a in self.actors(p)]
        for acl in self.child(noun, "acl"):
            for agent in self.child(acl, "agent"):
                owners += [a for p in self.child(agent, "pobj") for a in self.actors(p)]
        return owners

    def _noun_relations(self, noun: Token, kind: str) -> list:
        """"Hamas' rejection of terms proposed by Witkoff", "mediation efforts by Qatar and Egypt"."""
        sources = [a for p in self.child(noun, "poss") for a in self.actors(p)]
        if noun.dep == "attr" and self.head(noun).i != noun.i:  # "X is a supporter of Y": X
            subject = self.subject(self.head(noun))
            sources += self.actors(subject) if subject is not None and self.asserted(self.head(noun)) else []
        holder = noun if noun.dep != "compound" else self.head(noun)  # "mediation efforts by ..."
        for prep in self.child(holder, "prep"):
            if self.lower(prep) == "by":
                sources += [a for p in self.child(prep, "pobj") for a in self.actors(p)]
        between = [a for prep in self.child(holder, "prep") if self.lower(prep) == "between"
                   for p in self.child(prep, "pobj") for a in self.actors(p)]
        if not sources and kind in ("met", "talked with", "negotiated with") and len(between) > 1 \
                and self.asserted(self.head(holder)):
            return [(between[0], kind, other, holder) for other in between[1:]]  # "talks between X and Y"
        if not sources:
            return []
        targets = []
        for prep in self.child(noun, "prep"):
            word = self.lower(prep)
            for pobj in self.child(prep, "pobj"):
                if word == "of" and kind in ("rejected", "accepted", "supported", "opposed or condemned"):
                    targets += self.actors(pobj) or self._owner(pobj)
                elif word in _TARGET_PREPOSITIONS.get(kind, ()):
                    targets += self.actors(pobj)
        if not targets and kind == "mediated":
            return [(s, kind, None, holder) for s in dict.fromkeys(sources)]
        return [(s, kind, t, holder) for s in dict.fromkeys(sources) for t in dict.fromkeys(targets) if t != s]

    def _asking(self, verb: Token) -> list:
        """"Hamas is seeking Turkey's help", "Hamas turned to Türkiye for support"."""
        subject = self.subject(verb)
        sources = self.actors(subject) if subject is not None else []
        if not sources:
            return []
        targets, helped = [], False
        for obj in self.child(verb, "dobj"):
            if self.lower(obj) in _HELP:
                helped = True
                targets += [a for p in self.child(obj, "poss") for a in self.actors(p)]
        for prep in self.child(verb, "prep"):
            for pobj in self.child(prep, "pobj"):
                if self.lower(prep) == "for" and self.lower(pobj) in _HELP:
                    helped = True
                if self.lower(prep) == "to":
                    targets += self.actors(pobj)
        if not helped:
            return []
        return [(s, "asked for help", t, verb) for s in sources for t in dict.fromkeys(targets) if t != s]

    # --- events ---------------------------------------------------------------------

    def dated_clause(self, start: int, end: int) -> Token | None:
        """The verb whose clause a date expression at [start, end) dates as a happening; None when there is none."""
        verb = self.date_governor(start, end)
        if verb is not None and self.lower(verb) in ATTRIBUTION_VERBS and not self.child(verb, "ccomp", "dobj"):
            return None  # "X said on Sunday" with what was said lost to the parse: nothing to show
        return verb

    def date_governor(self, start: int, end: int) -> Token | None:
        """The verb whose clause a date expression at [start, end) modifies; None when it dates no happening.

        Not a happening of that date: a span begun then ("since October"), a
        noun's date ("last year's offensive"), a plan, a denial, a negation.
        """
        inside = self.tokens_in(start, end)
        if not inside:
            return None
        indexes = {t.i for t in inside}
        outward = [t for t in inside if t.head not in indexes or t.head == t.i]
        if not outward:
            return None
        token = next((t for t in outward if t.dep in ("prep", "npadvmod", "tmod", "advmod")), outward[0])
        if self.lower(inside[0]) in _BACKGROUND:
            return None
        for word in inside:  # "a meeting in March, when the envoy met ...": the clause the date introduces
            for relcl in self.child(word, "relcl"):
                if any(self.lower(w) == "when" for w in self.child(relcl, "advmod")):
                    return relcl if self.asserted(relcl) else None
        while True:
            if token.dep in ("prep", "agent") and self.lower(token) in _BACKGROUND:
                return None
            for relcl in self.child(token, "relcl"):
                if any(self.lower(w) == "when" for w in self.child(relcl, "advmod")):
                    return relcl if self.asserted(relcl) else None
            if token.head == token.i:
                return token if self.is_verb(token) and self.asserted(token) else None
            head = self.head(token)
            if self.is_verb(head):
                return head if self.asserted(head) else None
            if token.dep in ("pobj", "nummod", "compound", "npadvmod", "advmod", "amod", "appos", "quantmod") \
                    or (token.dep == "prep" and not head.tag.startswith("NN")):
                token = head
                continue
            return None  # the date modifies a noun: not the date of a clause

    def reported_actions(self) -> list[Token]:
        """Main-clause verbs of negotiation actions, said as done, by a registered actor."""
        verbs = []
        for token in self.tokens:
            if not (self.is_verb(token) and self.lower(token) in ACTION_VERBS):
                continue
            main = token.dep == "ROOT" or (token.dep == "conj" and self.head(token).dep == "ROOT")
            if not main or not self.is_past(token) or not self.asserted(token):
                continue
            subject = self.subject(token)
            if subject is not None and self.actors(subject):
                verbs.append(token)
        return verbs

    def speakers(self) -> list[tuple[Token, list[str]]]:
        """Each attribution verb outside quotation marks and reported speech, and the actors its subject stands for."""
        found = []
        for token in self.tokens:
            if self.lower(token) not in ATTRIBUTION_VERBS or not self.is_verb(token) or _inside_quotes(self.text, token.start):
                continue
            if self._reported(token):
                continue  # "X said that Y announced ...": Y's words, as X tells them
            subject = self.subject(token)
            found.append((token, self.actors(subject) if subject is not None else []))
        return found

    def _reported(self, token: Token) -> bool:
        while token.head != token.i:
            if token.dep == "ccomp":
                return True
            token = self.head(token)
        return False

    def subject_word(self, verb: Token) -> str | None:
        subject = self.subject(verb)
        return self.lower(subject) if subject is not None else None

    # --- headlines ------------------------------------------------------------------

    def headline(self, verb: Token, leave_out: tuple[int, int] | None = None) -> str:
        return self.join(self.headline_words(verb, leave_out))

    def headline_words(self, verb: Token, leave_out: tuple[int, int] | None = None) -> list[int]:
        """The clause of verb, shortened to who did what: subject, verb, objects, a few of its phrases.

        leave_out is a span (the date expression) whose words are dropped with
        the phrase that carries them.
        """
        keep: set[int] = set()
        subject = self.subject(verb)
        if verb.dep == "relcl" and (subject is None or self.lower(subject) in ("that", "which", "who")):
            subject = self.head(verb)
        if verb.dep == "conj" and subject is not None and subject.i > verb.i:
            subject = None
        shares_subject = not self.child(verb, "nsubj", "nsubjpass")
        if verb.dep == "conj" and shares_subject and self.is_verb(self.head(verb)) and self.head(verb).i < verb.i:
            keep |= self._clause_words(self.head(verb), leave_out, with_subject=False)
            keep.add(verb.i)
            for cc in self.child(self.head(verb), "cc"):
                if cc.i < verb.i:
                    keep.add(cc.i)
        if subject is not None and subject.dep != "nsubjpass":
            keep |= self._phrase(subject)
        keep |= self._clause_words(verb, leave_out, with_subject=True)
        if leave_out is not None:
            keep -= {t.i for t in self.tokens_in(*leave_out)}
        words = sorted(keep)
        if subject is not None and verb.dep == "relcl":
            words = [i for i in words if self.lower(self.tokens[i]) not in ("that", "which", "who") or i == subject.i]
        return words

    def phrase_text(self, token: Token) -> str:
        """A noun phrase without its asides, as written: what a relation named by a noun quotes."""
        return self.join(sorted(self._phrase(token)))

    def _clause_words(self, verb: Token, leave_out, with_subject: bool) -> set[int]:
        keep = {verb.i}
        preps = 0
        # An object after the verb's adverbial clause belongs to that clause (a parse that attached it wrong).
        clause_starts = [c.i for c in self.children[verb.i] if c.dep == "advcl" and c.i > verb.i]
        objects_end = min(clause_starts, default=len(self.tokens))
        for child in self.children[verb.i]:
            if leave_out is not None and self._covers(child, leave_out):
                continue
            if child.dep in ("dobj", "dative") and child.i > objects_end:
                continue
            if child.dep in ("nsubj", "nsubjpass") and with_subject:
                keep |= self._phrase(child)
            elif child.dep in ("aux", "auxpass", "neg", "prt", "dobj", "dative", "attr", "acomp", "oprd", "agent"):
                keep |= self._phrase(child)
            elif child.dep == "advmod" and self.lower(child) in _HEDGES:
                keep.add(child.i)
            elif child.dep == "prep" and preps < 2 and self.lower(child) not in _BACKGROUND \
                    and not self._clause_like(child) and not self._connective(child, verb):
                keep |= self._phrase(child)
                preps += 1
            elif child.dep == "ccomp" and self.lower(verb) in ATTRIBUTION_VERBS:
                keep |= self._clause_words(child, leave_out, with_subject=True)
            elif child.dep == "xcomp":
                keep |= self._clause_words(child, leave_out, with_subject=False) | set(
                    t.i for t in self.child(child, "aux"))
        return keep

    def _inside_word(self, token: Token) -> bool:
        before = self.text[token.start - 1:token.start] if token.start else " "
        after = self.text[token.end:token.end + 1] or " "
        return not before.isspace() and not after.isspace() and token.text in "-–/"

    def _connective(self, prep: Token, verb: Token) -> bool:
        """A phrase that links to what came before or names a source: "Along the same line", "According to X"."""
        return prep.i < verb.i and self.lower(prep) in _CONNECTIVES

    def places(self, words: Iterable[int]) -> set[int]:
        """The words among these that name where something happened ("in Doha"): a place is not a party."""
        found = set()
        for i in words:
            token = self.tokens[i]
            while token.head != token.i and token.dep not in ("nsubj", "nsubjpass", "dobj", "dative"):
                if token.dep == "pobj" and self.lower(self.head(token)) in _LOCATIVE:
                    found.add(i)
                    break
                token = self.head(token)
        return found

    def _clause_like(self, prep: Token) -> bool:
        """A preposition whose object carries a clause of its own ("with the first phase ending on ...")."""
        return any(self.is_verb(c) for pobj in self.child(prep, "pobj") for c in self.child(pobj, "acl", "relcl"))

    def _covers(self, token: Token, span: tuple[int, int]) -> bool:
        words = self._subtree(token)
        return any(span[0] <= self.tokens[i].start and self.tokens[i].end <= span[1] for i in words)

    def _phrase(self, token: Token) -> set[int]:
        """A noun phrase (or a preposition and its object) without appositions, relative clauses and asides.

        A description whose apposition names an actor is that name ("the chief negotiator, Khalil al-Hayya").
        """
        named = self._named_by_apposition(token)
        if named is not None:
            return self._phrase(named)
        keep = {token.i}
        holder = self._title_holder(token) if token.i in self.actor_of else None
        if holder is not None:
            keep |= set(range(token.i, holder.i + 1))  # "... Organization (MIT) head Ibrahim Kalin"
        for child in self.children[token.i]:
            if child.dep == "acl" and (self.lower(child) == "led" or self.child(child, "agent")):
                keep |= self._phrase(child)  # "a delegation led by X", "terms proposed by X": whose it is
                continue
            if child.dep in ("appos", "relcl", "acl", "advcl", "punct", "parataxis", "ccomp", "mark"):
                if child.dep == "punct" and self._inside_word(child):
                    keep.add(child.i)  # the hyphen of "al-Hayya", "full-scale"
                continue
            if child.dep == "prep" and token.dep in ("pobj",) and len(keep) > 6:
                continue
            keep |= self._phrase(child)
        return keep

    def _named_by_apposition(self, token: Token) -> Token | None:
        """The actor's name in apposition to a description, or to two joined by "and".

        "the chief negotiator, Khalil al-Hayya"; "the head of Hamas in Gaza and
        the chief negotiator, Khalil al-Hayya" (the parser hangs the name on the
        last description only). When the two were two people, the name still
        names one who acted.
        """
        if token.tag not in ("NN", "NNS") or token.i in self.actor_of:
            return None
        for appos in self.child(token, "appos"):
            if appos.i in self.actor_of:
                return appos
        if token.tag != "NN" or any(self.lower(cc) != "and" for cc in self.child(token, "cc")):
            return None
        for conj in self.child(token, "conj"):
            if conj.tag == "NN" and conj.i not in self.actor_of:
                for appos in self.child(conj, "appos"):
                    if appos.i in self.actor_of:
                        return appos
        return None

    def _subtree(self, token: Token) -> set[int]:
        found = {token.i}
        for child in self.children[token.i]:
            found |= self._subtree(child)
        return found

    def join(self, indexes: list[int], instead: dict[int, str] | None = None) -> str:
        """The words at indexes, as written: a space where the sentence has one between two of them.

        instead: words written otherwise (index -> text).
        """
        instead = instead or {}
        parts = []
        previous = None
        for i in indexes:
            token = self.tokens[i]
            if previous is not None and (previous.i + 1 != i or any(c.isspace() for c in self.text[previous.end:token.start])):
                parts.append(" ")
            parts.append(instead.get(i, token.text))
            previous = token
        return _capitalised("".join(parts).strip(" ,;:—–-"))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _inside_quotes(text: str, position: int) -> bool:
    before = text[:position]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")
