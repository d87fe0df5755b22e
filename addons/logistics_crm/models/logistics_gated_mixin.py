"""Protected fields and states, declared once per model and checked on every create and
write, whoever calls: the web client, JSON-RPC, XML-RPC, an import.

A model inherits ``logistics.gated.mixin`` — first in ``_inherit``, so that its checks
run before the parents' own ``write`` (res.partner's writes ``is_company`` as superuser)
— and declares, as class attributes (each module extending the model adds its own; the
mixin collects them over the class hierarchy):

- ``_logistics_gates``: :class:`Gate` — fields that only some groups, or only the model's
  own actions, may write;
- ``_logistics_transitions``: :class:`Transition` — state changes that must pass a check,
  for everybody, whatever writes the state.

"The model's own actions" are code running as superuser, or code inside
``records._logistics_open_gates()`` — an action that has checked what it had to. Neither
is reachable over RPC: ``sudo`` is not, nor are methods whose name starts with ``_``.
Personal defaults (``ir.default``) of gated fields are refused where they are set
(``ir_default.py``). The mixin also checks what clients send before it reaches the
database (ids and values of the wrong type), and gives public actions a clear error on an
empty selection or a reason that is no text.
"""

from contextlib import contextmanager
from typing import NamedTuple

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)
# the message of gates on computed fields (never typed in)
COMPUTED_MESSAGE = _lt("%(fields)s are computed: they cannot be written.")


class Gate(NamedTuple):
    """Who may write ``fields``.

    - ``message``: the AccessError anybody else gets (a lazy translation; ``%(fields)s``
      is replaced by the labels of the refused fields);
    - ``groups``: comma-separated xml ids of the groups whose members may write them;
      empty: only the model's own actions;
    - ``binds``: comma-separated groups the gate holds for; empty: every user;
    - ``applies``: name of a method returning, of the records written, those the gate
      holds for (e.g. only customers in a pool). A gate with ``applies`` holds on write
      only: on create, the fields deciding it are gated themselves.

    On write, a field counts only where its value really changes; on create, where the
    value given (``vals`` or a ``default_*`` context key) is not the field's default.
    """

    fields: frozenset
    message: object
    groups: str = ""
    binds: str = ""
    applies: str = ""


class Transition(NamedTuple):
    """``field`` moving into one of ``to_states`` (from any other state but those of
    ``exempt_from``, or created so) must pass ``check``: the name of a method of one
    record that returns why not (a message) or False. It is checked before the write,
    and again after it on the record as it now is when other fields are written with the
    state (lines changed together with the state count); for every user, superuser
    included, except inside the model's own action that ran the same check
    (``_logistics_open_gates``). Records already in ``to_states`` are checked again when
    one of ``also_on`` changes (e.g. the supplier of a confirmed order)."""

    field: str
    to_states: tuple
    check: str
    exempt_from: tuple = ()
    also_on: tuple = ()


OPEN_GATES_KEY = "logistics_open_gates"
INT4_MAX = 2**31 - 1  # PostgreSQL's integer: ids, many2one and integer columns
JSON_NON_IDS = (str, float, dict, list, bool, type(None))


class LogisticsGatedMixin(models.AbstractModel):
    _name = "logistics.gated.mixin"
    _description = "Protected Fields and States"

    _logistics_gates = ()
    _logistics_transitions = ()

    # ------------------------------------------------------------ INPUT
    # Whatever a client sends is checked before it reaches the database: a clear
    # ValidationError instead of a raw database error (ids and values of the wrong type,
    # numbers out of range, NUL characters, impossible dates, unknown selections).

    def browse(self, ids=()):
        if ids.__class__ in (int, list, str, dict, float):  # what JSON-RPC hands over
            self._logistics_check_ids(ids)
        return super().browse(ids)

    def _logistics_check_ids(self, ids):
        values = list(ids) if ids.__class__ in (list, dict) else [ids]
        for value in values:
            if value.__class__ in JSON_NON_IDS or (
                value.__class__ is int and not 0 < value <= INT4_MAX
            ):
                raise ValidationError(
                    self.env._("%(value)s is not a record reference.", value=_short(value))
                )

    def _logistics_check_values(self, vals):
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if field is None or not value:
                continue  # empty, as Odoo reads it
            if not self._logistics_valid_value(field, value):
                raise ValidationError(
                    self.env._(
                        "%(value)s is not a valid value for %(field)s.",
                        value=_short(value),
                        field=field._description_string(self.env),
                    )
                )

    def _logistics_valid_value(self, field, value):
        if isinstance(value, str) and "\x00" in value:
            return False
        if field.type == "many2one":
            if isinstance(value, models.BaseModel):
                return True
            if isinstance(value, tuple) and value:
                value = value[0]  # (id, name), as Odoo accepts
            return value.__class__ is int and 0 < value <= INT4_MAX
        if field.type in ("integer", "float", "monetary"):
            if isinstance(value, dict | list | tuple | set):
                return False
            try:
                number = int(value) if field.type == "integer" else float(value)
            except (TypeError, ValueError, OverflowError):
                return False
            return field.type != "integer" or -INT4_MAX - 1 <= number <= INT4_MAX
        if field.type in ("char", "text", "html"):
            return isinstance(value, str | int | float) or (
                bool(field.translate) and isinstance(value, dict)
            )
        if field.type in ("selection", "date", "datetime", "boolean"):
            try:
                field.convert_to_cache(value, self.browse(), validate=True)
            except (TypeError, ValueError, OverflowError):
                return False
        return True

    # ------------------------------------------------------------ DECLARATIONS

    @classmethod
    def _logistics_declared(cls, attribute):
        """Every declaration of ``attribute`` along the model's class hierarchy."""
        # Odoo rebuilds a registry class's bases as modules load: the cache follows its MRO
        cache = cls.__dict__.get("_logistics_declared_cache")
        if cache is None or cache[0] is not cls.__mro__:
            cache = (cls.__mro__, {})
            cls._logistics_declared_cache = cache
        declared = cache[1]
        if attribute not in declared:
            declared[attribute] = tuple(
                item for klass in reversed(cls.__mro__) for item in vars(klass).get(attribute, ())
            )
        return declared[attribute]

    def _logistics_text_argument(self, value):
        """A reason (or other text) passed to a public action: text, or a clear error."""
        if not isinstance(value, str) or "\x00" in value or not value.strip():
            raise UserError(self.env._("Give the reason as text."))
        return value.strip()

    def _logistics_ensure_one(self):
        """``ensure_one`` for public actions: a clear message, not a Python error."""
        if len(self) != 1:
            raise UserError(self.env._("Select exactly one record for this action."))
        return self

    # ------------------------------------------------------------ OWN ACTIONS

    @contextmanager
    def _logistics_open_gates(self):
        """Inside, these records' gates are open: for the model's own actions, which
        checked what they had to (without ``sudo``: the user's rights still apply)."""
        opened = self.env.cr.cache.setdefault(OPEN_GATES_KEY, set())
        keys = {(self._name, record_id) for record_id in self._ids} - opened
        opened |= keys
        try:
            yield self
        finally:
            opened -= keys

    def _logistics_is_opened(self):
        opened = self.env.cr.cache.get(OPEN_GATES_KEY)
        return bool(self) and bool(opened) and all((self._name, i) in opened for i in self._ids)

    def _logistics_existing(self):
        """``applies`` for gates that hold on write only (values set on create are free)."""
        return self

    def _logistics_is_own_action(self):
        return self.env.su or self._logistics_is_opened()

    def _logistics_may(self, groups):
        user = self.env.user
        return any(user.has_group(group.strip()) for group in groups.split(",") if group)

    # ------------------------------------------------------------ CHECKS

    def _logistics_changed_fields(self, vals, fnames):
        """The fields of ``fnames`` in ``vals`` whose value really changes on some record
        (writing a value a field already has, as Odoo's merge wizard does, is no change)."""
        changed = set()
        for fname in set(fnames) & vals.keys():
            field = self._fields[fname]
            if field.type in ("one2many", "many2many"):
                changed.add(fname)  # commands: whatever they do is a change
                continue
            for record in self:
                try:
                    new = field.convert_to_record(
                        field.convert_to_cache(vals[fname], record), record
                    )
                except (TypeError, ValueError):
                    changed.add(fname)  # not even a value of the field
                    break
                if (record[fname] or False) != (new or False):
                    changed.add(fname)
                    break
        return changed

    def _logistics_given_fields(self, values, fnames):
        """The fields of ``fnames`` that a create with ``values`` sets to something else
        than their default."""
        given = set()
        for fname in set(fnames) & values.keys():
            field = self._fields[fname]
            value = values[fname]
            default = field.default(self) if field.default else False
            if isinstance(default, models.BaseModel):
                default = default.ids if field.type.endswith("2many") else default.id
            if isinstance(value, models.BaseModel):
                value = value.id
            if (value or False) != (default or False):
                given.add(fname)
        return given

    def _logistics_refuse(self, gate, fnames):
        message = self.env._(gate.message)
        if "%(fields)s" in message:
            labels = sorted(self._fields[f]._description_string(self.env) for f in fnames)
            message = message % {"fields": ", ".join(labels)}
        raise AccessError(message)

    def _logistics_check_gates(self, vals=None, vals_list=None):
        """Refuse the gated fields that ``write(vals)`` changes, or that
        ``create(vals_list)`` gives, when the user may not write them."""
        gates = self._logistics_declared("_logistics_gates")
        if not gates or self._logistics_is_own_action():
            return
        given = set().union(*vals_list) if vals_list is not None else vals.keys()
        if vals_list is not None:
            given |= self._logistics_context_defaults().keys()
        for gate in gates:
            if not gate.fields & given:
                continue
            if gate.binds and not self._logistics_may(gate.binds):
                continue
            if gate.groups and self._logistics_may(gate.groups):
                continue
            if vals_list is not None:
                if gate.applies:
                    continue
                fnames = set()
                for values in vals_list:
                    fnames |= self._logistics_given_fields(
                        {**self._logistics_context_defaults(), **values}, gate.fields
                    )
            else:
                records = getattr(self, gate.applies)() if gate.applies else self
                fnames = records._logistics_changed_fields(vals, gate.fields)
            if fnames:
                self._logistics_refuse(gate, fnames)

    def _logistics_context_defaults(self):
        return {
            key[8:]: value for key, value in self.env.context.items() if key.startswith("default_")
        }

    def _logistics_transitioning(self, vals):
        """(transition, records) that ``write(vals)`` moves into a checked state, or
        changes a watched field of while in it."""
        moves = []
        for transition in self._logistics_declared("_logistics_transitions"):
            if vals.get(transition.field) in transition.to_states:
                records = self.filtered(
                    lambda r, t=transition, new=vals[transition.field]: r[t.field] != new
                    and r[t.field] not in t.exempt_from
                )
            elif set(transition.also_on) & vals.keys():
                records = self.filtered(lambda r, t=transition: r[t.field] in t.to_states)
            else:
                continue
            if records:
                moves.append((transition, records))
        return moves

    def _logistics_check_transitions(self, moves):
        for transition, records in moves:
            for record in records:
                if record._logistics_is_opened():
                    continue  # the action that moves it ran the check
                error = getattr(record, transition.check)()
                if error:
                    raise UserError(error)

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._logistics_check_values(vals)
        self._logistics_check_gates(vals_list=vals_list)
        records = super().create(vals_list)
        moves = [
            (transition, records.filtered(lambda r, t=transition: r[t.field] in t.to_states))
            for transition in self._logistics_declared("_logistics_transitions")
        ]
        self._logistics_check_transitions(moves)
        return records

    def write(self, vals):
        self._logistics_check_values(vals)
        self._logistics_check_gates(vals=vals)
        moves = self._logistics_transitioning(vals)
        # before the write, so that a refused change leaves the records as they were ...
        self._logistics_check_transitions(moves)
        res = super().write(vals)
        # ... and after it when more than the state changes (lines written together with
        # the state must not slip through)
        if any(vals.keys() - {transition.field} for transition, _records in moves):
            self._logistics_check_transitions(moves)
        return res


def _short(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
