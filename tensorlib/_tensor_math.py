"""Math methods and operators on Tensor."""


class MathMixin:
    pass
