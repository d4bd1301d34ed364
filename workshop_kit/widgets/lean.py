"""Fewer widget models per page: shared ``Layout`` and ``Style`` models.

Every ipywidgets widget makes a ``Layout`` model and most make a ``*Style`` model as
well, even when both keep their defaults. Each model costs the kernel, one websocket
message and a model in the student's browser (Voila creates every open model when the
page loads). Widgets whose layout and style never change after they are made can
share one instance instead: :func:`shared` gives the keyword arguments for that, and
:func:`lean` and :func:`lean_html` make such widgets.

A shared model must never change: it would change every widget using it. The shared
instances refuse changes (:class:`SharedModelError`), so give a widget its own
``Layout`` when anything toggles it (``layout.display = "none"``, say). Closing a
widget does not close its layout or style; should a shared one be closed all the same
(``Widget.close_all()``), the next call makes a new one.
"""

from __future__ import annotations

from typing import Any, TypeVar

import ipywidgets as widgets

W = TypeVar("W", bound=widgets.Widget)

_instances: dict[tuple, widgets.Widget] = {}
_frozen_classes: dict[type, type] = {}


class SharedModelError(TypeError):
    """Raised when code changes a shared layout or style (it would change every widget
    using it)."""


class _Frozen:
    """Refuses changes to synced traits once made (see :func:`_frozen_class`)."""

    _wk_frozen = False

    def __setattr__(self, name: str, value: Any) -> None:
        if self._wk_frozen and name in self.keys:
            raise SharedModelError(
                f"this {type(self).__name__} is shared by many widgets; give the widget "
                f"its own before changing {name!r}"
            )
        super().__setattr__(name, value)


def _frozen_class(cls: type) -> type:
    frozen = _frozen_classes.get(cls)
    if frozen is None:
        # Same name as the model class, so widget reprs read as before.
        frozen = type(cls.__name__, (_Frozen, cls), {"__qualname__": cls.__qualname__})
        _frozen_classes[cls] = frozen
    return frozen


def _shared_model(cls: type, traits: dict[str, Any]) -> widgets.Widget:
    key = (cls, tuple(sorted(traits.items())))
    model = _instances.get(key)
    if model is None or model.comm is None:  # first use in this kernel, or closed
        model = _frozen_class(cls)(**traits)
        object.__setattr__(model, "_wk_frozen", True)
        _instances[key] = model
    return model


def shared_layout(**traits: Any) -> widgets.Layout:
    """The one shared ``Layout`` with these traits (``width="auto"``, say)."""
    return _shared_model(widgets.Layout, traits)


def shared_style(widget_class: type[widgets.Widget], **traits: Any) -> widgets.Style:
    """The one shared style of the kind ``widget_class`` takes, with these traits."""
    klass = widget_class.class_traits()["style"].klass
    return _shared_model(klass, traits)


def shared(
    widget_class: type[widgets.Widget],
    layout: dict[str, Any] | None = None,
    style: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Keyword arguments that make a ``widget_class`` share its layout and style.

    Only for a widget whose layout and style nothing changes after it is made.
    """
    kwargs: dict[str, Any] = {"layout": shared_layout(**(layout or {}))}
    if "style" in widget_class.class_traits():
        kwargs["style"] = shared_style(widget_class, **(style or {}))
    return kwargs


def lean(
    widget_class: type[W],
    *args: Any,
    layout: dict[str, Any] | None = None,
    style: dict[str, Any] | None = None,
    **kwargs: Any,
) -> W:
    """``widget_class(*args, **kwargs)`` sharing its layout and style (see :func:`shared`)."""
    return widget_class(*args, **shared(widget_class, layout, style), **kwargs)


def lean_html(value: str = "", css_class: str = "") -> widgets.HTML:
    """An HTML widget that shares its layout and style. ``value`` is rendered as HTML:
    escape anything a student typed (``html.escape``)."""
    widget = lean(widgets.HTML, value)
    if css_class:
        widget.add_class(css_class)
    return widget


class Lean:
    """Mix in first (``class SaveStatus(Lean, widgets.HTML)``): the widget shares its
    layout and style unless given its own (``layout=widgets.Layout()``)."""

    def __init__(self, *args: Any, **kwargs: Any):
        for name, model in shared(type(self)).items():
            kwargs.setdefault(name, model)
        super().__init__(*args, **kwargs)
