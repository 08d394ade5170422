"""``tensorlib.utils.data`` is a package with PyTorch's module names: programs import from
``torch.utils.data.dataloader`` / ``dataset`` / ``sampler`` directly."""
import tensorlib as torch
from tensorlib.utils import data
from tensorlib.utils.data import dataloader, dataset, sampler


def test_the_names_programs_import_from_each_module_are_the_package_s():
    for module, names in ((dataloader, ("DataLoader", "default_collate", "default_convert")),
                          (dataset, ("Dataset", "IterableDataset", "TensorDataset", "ConcatDataset", "Subset",
                                     "random_split")),
                          (sampler, ("Sampler", "SequentialSampler", "RandomSampler", "BatchSampler"))):
        for name in names:
            assert getattr(module, name) is getattr(data, name)


def test_a_loader_built_from_the_submodules():
    ds = dataset.TensorDataset(torch.arange(6.).view(3, 2), torch.arange(3))
    batches = list(dataloader.DataLoader(ds, batch_size=2, sampler=sampler.SequentialSampler(ds)))
    assert [y.tolist() for _, y in batches] == [[0, 1], [2]]
